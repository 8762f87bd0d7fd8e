// UpdateImageSetMetadata through AWS's client: DICOMUpdates (blobs as Uint8Array of JSON), the asynchronous workflow
// (LOCKED/UPDATING, then ACTIVE/UPDATED), removals, force rules, revertToVersionId, and the errors.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  UpdateImageSetMetadataCommand,
  GetImageSetCommand,
  ListImageSetVersionsCommand,
} from '@aws-sdk/client-medical-imaging';
import {
  useService,
  expectServiceError,
  createLocalDatastore,
  createLocalImageSet,
  metadataDocument,
  readMetadata,
  settleNow,
  encodeJson,
  uniqueUid,
} from './helpers.mjs';

describe('UpdateImageSetMetadata', () => {
  // A workflow that ends only when a test settles it: every LOCKED state is seen whatever the machine's speed.
  const ctx = useService(['--workflow-delay-ms', '600000']);
  let datastoreId;

  before(async () => {
    datastoreId = await createLocalDatastore(ctx.endpoint, 'updates');
  });

  /** A fresh image set (so tests don't depend on each other) and its parts. */
  async function newImageSet(overrides = {}) {
    const seriesUid = uniqueUid();
    const sopUids = [uniqueUid(), uniqueUid()];
    const studyUid = uniqueUid();
    const document = metadataDocument({ studyUid, series: [{ uid: seriesUid, modality: 'CT', instances: sopUids }], ...overrides });
    const imageSetId = await createLocalImageSet(ctx.endpoint, datastoreId, document);
    return { imageSetId, seriesUid, sopUids, studyUid, document };
  }

  function update(imageSetId, latestVersionId, { updatable, removable, force } = {}) {
    const DICOMUpdates = {};
    if (updatable) DICOMUpdates.updatableAttributes = encodeJson(updatable);
    if (removable) DICOMUpdates.removableAttributes = encodeJson(removable);
    return ctx.client.send(new UpdateImageSetMetadataCommand({
      datastoreId,
      imageSetId,
      latestVersionId,
      force,
      updateImageSetMetadataUpdates: { DICOMUpdates },
    }));
  }

  async function updateAndSettle(imageSetId, latestVersionId, changes) {
    const response = await update(imageSetId, latestVersionId, changes);
    const settled = await settleNow(ctx.endpoint, ctx.client, datastoreId, imageSetId);
    return { response, settled };
  }

  it('answers LOCKED/UPDATING with the new version, then settles ACTIVE/UPDATED with the change applied', async () => {
    const { imageSetId } = await newImageSet();
    const response = await update(imageSetId, '1', {
      updatable: { SchemaVersion: 1.1, Patient: { DICOM: { PatientName: 'UPDATED^NAME' } } },
    });
    assert.equal(response.$metadata.httpStatusCode, 200);
    assert.equal(response.datastoreId, datastoreId);
    assert.equal(response.imageSetId, imageSetId);
    assert.equal(response.latestVersionId, '2');
    assert.equal(response.imageSetState, 'LOCKED');
    assert.equal(response.imageSetWorkflowStatus, 'UPDATING');
    assert.ok(response.createdAt instanceof Date);

    const during = await ctx.client.send(new GetImageSetCommand({ datastoreId, imageSetId }));
    assert.equal(during.imageSetState, 'LOCKED', 'still locked right after the call (the workflow is asynchronous)');
    assert.equal(during.versionId, '2');
    const { document: whileLocked } = await readMetadata(ctx.client, datastoreId, imageSetId);
    assert.equal(whileLocked.Patient.DICOM.PatientName, 'CONFORMANCE^TEST', 'while LOCKED the new version shows the document it started from');

    const settled = await settleNow(ctx.endpoint, ctx.client, datastoreId, imageSetId);
    assert.equal(settled.imageSetState, 'ACTIVE');
    assert.equal(settled.imageSetWorkflowStatus, 'UPDATED');
    assert.equal(settled.versionId, '2');
    assert.equal(settled.overrides?.forced ?? false, false);

    const { document: latest } = await readMetadata(ctx.client, datastoreId, imageSetId);
    assert.equal(latest.Patient.DICOM.PatientName, 'UPDATED^NAME');
    assert.equal(latest.ImageSetID, imageSetId);
    const { document: original } = await readMetadata(ctx.client, datastoreId, imageSetId, '1');
    assert.equal(original.Patient.DICOM.PatientName, 'CONFORMANCE^TEST', 'version 1 is unchanged');

    const { imageSetPropertiesList } = await ctx.client.send(new ListImageSetVersionsCommand({ datastoreId, imageSetId }));
    assert.deepEqual(imageSetPropertiesList.map((p) => [p.versionId, p.ImageSetWorkflowStatus]), [['2', 'UPDATED'], ['1', 'CREATED']]);
  });

  it('updates study, series and instance level elements in one request', async () => {
    const { imageSetId, seriesUid, sopUids } = await newImageSet();
    await updateAndSettle(imageSetId, '1', {
      updatable: {
        SchemaVersion: '1.1',
        Study: {
          DICOM: { StudyDescription: 'CHEST W CONTRAST' },
          Series: {
            [seriesUid]: {
              DICOM: { SeriesDescription: 'AXIAL 1MM' },
              Instances: { [sopUids[0]]: { DICOM: { InstanceNumber: 42 } } },
            },
          },
        },
      },
    });
    const { document } = await readMetadata(ctx.client, datastoreId, imageSetId);
    assert.equal(document.Study.DICOM.StudyDescription, 'CHEST W CONTRAST');
    assert.equal(document.Study.Series[seriesUid].DICOM.SeriesDescription, 'AXIAL 1MM');
    assert.equal(document.Study.Series[seriesUid].Instances[sopUids[0]].DICOM.InstanceNumber, 42);
    assert.equal(document.Study.Series[seriesUid].Instances[sopUids[1]].DICOM.InstanceNumber, 2, 'other instance untouched');
  });

  it('removes elements named in removableAttributes, whatever value the request gives', async () => {
    const { imageSetId } = await newImageSet();
    await updateAndSettle(imageSetId, '1', {
      removable: { SchemaVersion: 1.1, Study: { DICOM: { StudyDescription: 'NOT THE STORED VALUE' } } },
    });
    const { document } = await readMetadata(ctx.client, datastoreId, imageSetId);
    assert.ok(!('StudyDescription' in document.Study.DICOM), 'StudyDescription removed');
    assert.equal(document.Study.DICOM.AccessionNumber, 'ACC-CONF-1');
  });

  it('refuses removing an instance without force, removes it with force and records overrides.forced on the version', async () => {
    const { imageSetId, seriesUid, sopUids } = await newImageSet();
    const removable = { SchemaVersion: 1.1, Study: { Series: { [seriesUid]: { Instances: { [sopUids[1]]: {} } } } } };
    await expectServiceError(update(imageSetId, '1', { removable }), 'ValidationException', 400);
    const { settled } = await updateAndSettle(imageSetId, '1', { removable, force: true });
    assert.equal(settled.imageSetWorkflowStatus, 'UPDATED');
    assert.equal(settled.overrides?.forced, true);
    const { document } = await readMetadata(ctx.client, datastoreId, imageSetId);
    assert.deepEqual(Object.keys(document.Study.Series[seriesUid].Instances), [sopUids[0]]);

    const { imageSetPropertiesList } = await ctx.client.send(new ListImageSetVersionsCommand({ datastoreId, imageSetId }));
    assert.equal(imageSetPropertiesList[0].overrides?.forced, true);
    assert.equal(imageSetPropertiesList[1].overrides?.forced ?? false, false);
  });

  it('removes a whole series given as {} with force', async () => {
    const keptSeries = uniqueUid();
    const removedSeries = uniqueUid();
    const { imageSetId } = await newImageSet({
      series: [
        { uid: keptSeries, modality: 'CT', instances: [uniqueUid()] },
        { uid: removedSeries, modality: 'CT', instances: [uniqueUid(), uniqueUid()] },
      ],
    });
    const removal = { removable: { SchemaVersion: 1.1, Study: { Series: { [removedSeries]: {} } } } };
    await expectServiceError(update(imageSetId, '1', removal), 'ValidationException', 400);
    const { settled } = await updateAndSettle(imageSetId, '1', { ...removal, force: true });
    assert.equal(settled.imageSetWorkflowStatus, 'UPDATED');
    const { document } = await readMetadata(ctx.client, datastoreId, imageSetId);
    assert.deepEqual(Object.keys(document.Study.Series), [keptSeries]);
  });

  it('refuses a StudyInstanceUID change without force (ValidationException) and applies it with force', async () => {
    const { imageSetId } = await newImageSet();
    const newStudyUid = uniqueUid();
    const changes = { updatable: { SchemaVersion: 1.1, Study: { DICOM: { StudyInstanceUID: newStudyUid } } } };
    await expectServiceError(update(imageSetId, '1', changes), 'ValidationException', 400);

    const { settled } = await updateAndSettle(imageSetId, '1', { ...changes, force: true });
    assert.equal(settled.versionId, '2', 'the refused request created no version');
    assert.equal(settled.imageSetWorkflowStatus, 'UPDATED');
    assert.equal(settled.overrides?.forced, true);
    const { document } = await readMetadata(ctx.client, datastoreId, imageSetId);
    assert.equal(document.Study.DICOM.StudyInstanceUID, newStudyUid);
  });

  it('applies an instance-level private tag with its VR when forced', async () => {
    const { imageSetId, seriesUid, sopUids } = await newImageSet();
    const privateTag = {
      SchemaVersion: 1.1,
      Study: { Series: { [seriesUid]: { Instances: { [sopUids[0]]: { DICOM: { '001910F9': '97' }, DICOMVRs: { '001910F9': 'DS' } } } } } },
    };
    await expectServiceError(update(imageSetId, '1', { updatable: privateTag }), 'ValidationException', 400);
    await updateAndSettle(imageSetId, '1', { updatable: privateTag, force: true });
    const { document } = await readMetadata(ctx.client, datastoreId, imageSetId);
    const instance = document.Study.Series[seriesUid].Instances[sopUids[0]];
    assert.equal(instance.DICOM['001910F9'], '97');
    assert.equal(instance.DICOMVRs['001910F9'], 'DS');
  });

  it('refuses never-updatable elements even with force', async () => {
    const { imageSetId } = await newImageSet();
    const error = await expectServiceError(
      update(imageSetId, '1', { updatable: { SchemaVersion: 1.1, Patient: { DICOM: { ImageSetID: 'f'.repeat(32) } } }, force: true }),
      'ValidationException', 400);
    assert.match(error.message, /ImageSetID/);
  });

  it('revertToVersionId creates a new version equal to the target', async () => {
    const { imageSetId } = await newImageSet();
    await updateAndSettle(imageSetId, '1', { updatable: { SchemaVersion: 1.1, Patient: { DICOM: { PatientName: 'SECOND^NAME' } } } });
    await updateAndSettle(imageSetId, '2', { updatable: { SchemaVersion: 1.1, Patient: { DICOM: { PatientName: 'THIRD^NAME' } } } });

    const response = await ctx.client.send(new UpdateImageSetMetadataCommand({
      datastoreId, imageSetId, latestVersionId: '3', updateImageSetMetadataUpdates: { revertToVersionId: '1' },
    }));
    assert.equal(response.latestVersionId, '4');
    assert.equal(response.imageSetState, 'LOCKED');
    const settled = await settleNow(ctx.endpoint, ctx.client, datastoreId, imageSetId);
    assert.equal(settled.versionId, '4');
    assert.equal(settled.imageSetWorkflowStatus, 'UPDATED');

    const { document: reverted } = await readMetadata(ctx.client, datastoreId, imageSetId, '4');
    const { document: first } = await readMetadata(ctx.client, datastoreId, imageSetId, '1');
    assert.deepEqual(reverted, first);
    assert.equal(reverted.Patient.DICOM.PatientName, 'CONFORMANCE^TEST');
  });

  it('revertToVersionId to the latest version or to an unknown version is a ValidationException', async () => {
    const { imageSetId } = await newImageSet();
    await updateAndSettle(imageSetId, '1', { updatable: { SchemaVersion: 1.1, Patient: { DICOM: { PatientName: 'X^Y' } } } });
    const revert = (target) => ctx.client.send(new UpdateImageSetMetadataCommand({
      datastoreId, imageSetId, latestVersionId: '2', updateImageSetMetadataUpdates: { revertToVersionId: target },
    }));
    await expectServiceError(revert('2'), 'ValidationException', 400);
    await expectServiceError(revert('99'), 'ValidationException', 400);
  });

  it('a stale latestVersionId is a ConflictException', async () => {
    const { imageSetId } = await newImageSet();
    await updateAndSettle(imageSetId, '1', { updatable: { SchemaVersion: 1.1, Patient: { DICOM: { PatientName: 'A^B' } } } });
    await expectServiceError(
      update(imageSetId, '1', { updatable: { SchemaVersion: 1.1, Patient: { DICOM: { PatientName: 'C^D' } } } }),
      'ConflictException', 409);
  });


  it('an update naming a series the image set lacks is accepted, then ends ACTIVE/UPDATE_FAILED with a message', async () => {
    const { imageSetId } = await newImageSet();
    const missingSeries = uniqueUid();
    const response = await update(imageSetId, '1', {
      updatable: { SchemaVersion: 1.1, Study: { Series: { [missingSeries]: { Instances: { [uniqueUid()]: { DICOM: { InstanceNumber: 1 } } } } } } },
    });
    assert.equal(response.imageSetWorkflowStatus, 'UPDATING');
    const settled = await settleNow(ctx.endpoint, ctx.client, datastoreId, imageSetId);
    assert.equal(settled.versionId, '2');
    assert.equal(settled.imageSetState, 'ACTIVE');
    assert.equal(settled.imageSetWorkflowStatus, 'UPDATE_FAILED');
    assert.ok(settled.message && settled.message.length > 0, 'a failure message');
    const { document } = await readMetadata(ctx.client, datastoreId, imageSetId);
    assert.ok(!(missingSeries in document.Study.Series), 'the failed version keeps the previous metadata');
  });

  it('both DICOMUpdates and revertToVersionId at once, or an oversized blob, is a ValidationException', async () => {
    const { imageSetId } = await newImageSet();
    // The SDK serializes whichever union members are set, so the service must refuse the pair itself.
    await expectServiceError(ctx.client.send(new UpdateImageSetMetadataCommand({
      datastoreId,
      imageSetId,
      latestVersionId: '1',
      updateImageSetMetadataUpdates: {
        DICOMUpdates: { updatableAttributes: encodeJson({ SchemaVersion: 1.1, Patient: { DICOM: { PatientName: 'A^B' } } }) },
        revertToVersionId: '1',
      },
    })), 'ValidationException', 400);

    const big = { SchemaVersion: 1.1, Study: { DICOM: { StudyDescription: 'X'.repeat(30001) } } };
    await expectServiceError(update(imageSetId, '1', { updatable: big }), 'ValidationException', 400);
  });

  it('on an unknown image set is a ResourceNotFoundException', async () => {
    await expectServiceError(
      update('c'.repeat(32), '1', { updatable: { SchemaVersion: 1.1, Patient: { DICOM: { PatientName: 'A^B' } } } }),
      'ResourceNotFoundException', 404);
  });
});

describe('UpdateImageSetMetadata of a LOCKED image set', () => {
  // A workflow that does not end during the test: the second write meets the first one's lock whatever the machine's speed.
  const ctx = useService(['--workflow-delay-ms', '600000']);

  it('a write to a LOCKED image set is a ConflictException', async () => {
    const datastoreId = await createLocalDatastore(ctx.endpoint, 'update-locked');
    const imageSetId = await createLocalImageSet(ctx.endpoint, datastoreId, metadataDocument());
    const rename = (latestVersionId, name) => ctx.client.send(new UpdateImageSetMetadataCommand({
      datastoreId, imageSetId, latestVersionId,
      updateImageSetMetadataUpdates: { DICOMUpdates: { updatableAttributes: encodeJson({ SchemaVersion: 1.1, Patient: { DICOM: { PatientName: name } } }) } },
    }));
    const first = await rename('1', 'FIRST^WRITE');
    assert.equal(first.imageSetState, 'LOCKED');
    await expectServiceError(rename('2', 'SECOND^WRITE'), 'ConflictException', 409);
    const during = await ctx.client.send(new GetImageSetCommand({ datastoreId, imageSetId }));
    assert.equal(during.imageSetState, 'LOCKED', 'the refused write left the first one under way');
    assert.equal(during.versionId, '2');
  });
});
