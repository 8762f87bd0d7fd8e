// CopyImageSet through AWS's client: to a new image set, into a destination, subset copies, the Patient/Study/Series
// consistency check (COPY_FAILED) and force, the source's read-only lock, and the errors.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { CopyImageSetCommand, GetImageSetCommand, ListImageSetVersionsCommand } from '@aws-sdk/client-medical-imaging';
import {
  useService,
  expectServiceError,
  createLocalDatastore,
  createLocalImageSet,
  metadataDocument,
  readMetadata,
  settleNow,
  uniqueUid,
} from './helpers.mjs';

describe('CopyImageSet', () => {
  const ctx = useService(['--workflow-delay-ms', '600000']);
  let datastoreId;

  before(async () => {
    datastoreId = await createLocalDatastore(ctx.endpoint, 'copies');
  });

  /** A study with one series of three instances; `patientId` and `studyUid` can be shared to build a compatible destination. */
  async function newImageSet({ patientId = 'PAT-COPY', studyUid = uniqueUid(), seriesUid = uniqueUid(), sopUids = [uniqueUid(), uniqueUid(), uniqueUid()], patientName } = {}) {
    const imageSetId = await createLocalImageSet(ctx.endpoint, datastoreId, metadataDocument({
      patientId,
      patientName,
      studyUid,
      series: [{ uid: seriesUid, modality: 'CT', instances: sopUids }],
    }));
    return { imageSetId, patientId, studyUid, seriesUid, sopUids };
  }

  function copy(sourceImageSetId, { sourceVersion = '1', copiableAttributes, destination, force, promoteToPrimary } = {}) {
    const sourceImageSet = { latestVersionId: sourceVersion };
    if (copiableAttributes !== undefined) {
      sourceImageSet.DICOMCopies = {
        copiableAttributes: typeof copiableAttributes === 'string' ? copiableAttributes : JSON.stringify(copiableAttributes),
      };
    }
    const copyImageSetInformation = { sourceImageSet };
    if (destination) copyImageSetInformation.destinationImageSet = destination;
    return ctx.client.send(new CopyImageSetCommand({ datastoreId, sourceImageSetId, copyImageSetInformation, force, promoteToPrimary }));
  }

  it('without a destination creates a new image set: LOCKED/COPYING, source read-only, then COPIED', async () => {
    const source = await newImageSet();
    const response = await copy(source.imageSetId);
    assert.equal(response.$metadata.httpStatusCode, 200);
    assert.equal(response.datastoreId, datastoreId);

    const destination = response.destinationImageSetProperties;
    assert.match(destination.imageSetId, /^[0-9a-z]{32}$/);
    assert.notEqual(destination.imageSetId, source.imageSetId);
    assert.equal(destination.latestVersionId, '1');
    assert.equal(destination.imageSetState, 'LOCKED');
    assert.equal(destination.imageSetWorkflowStatus, 'COPYING');
    assert.ok(destination.imageSetArn.endsWith(`/imageset/${destination.imageSetId}`));

    const sourceProps = response.sourceImageSetProperties;
    assert.equal(sourceProps.imageSetId, source.imageSetId);
    assert.equal(sourceProps.latestVersionId, '1', 'the source version does not change');
    assert.equal(sourceProps.imageSetState, 'LOCKED');
    assert.equal(sourceProps.imageSetWorkflowStatus, 'COPYING_WITH_READ_ONLY_ACCESS');

    const sourceDuring = await ctx.client.send(new GetImageSetCommand({ datastoreId, imageSetId: source.imageSetId }));
    assert.equal(sourceDuring.imageSetState, 'LOCKED');
    assert.equal(sourceDuring.imageSetWorkflowStatus, 'COPYING_WITH_READ_ONLY_ACCESS');
    const { document: readable } = await readMetadata(ctx.client, datastoreId, source.imageSetId);
    assert.equal(readable.ImageSetID, source.imageSetId, 'the source stays readable during the copy');

    const settled = await settleNow(ctx.endpoint, ctx.client, datastoreId, destination.imageSetId);
    assert.equal(settled.imageSetState, 'ACTIVE');
    assert.equal(settled.imageSetWorkflowStatus, 'COPIED');
    assert.equal(settled.versionId, '1');
    const sourceAfter = await settleNow(ctx.endpoint, ctx.client, datastoreId, source.imageSetId);
    assert.equal(sourceAfter.imageSetState, 'ACTIVE');
    assert.equal(sourceAfter.imageSetWorkflowStatus, 'CREATED', 'the source gets its status back');
    assert.equal(sourceAfter.versionId, '1');

    const { document } = await readMetadata(ctx.client, datastoreId, destination.imageSetId);
    assert.equal(document.ImageSetID, destination.imageSetId);
    assert.equal(document.DatastoreID, datastoreId);
    assert.equal(document.Patient.DICOM.PatientID, source.patientId);
    assert.equal(document.Study.DICOM.StudyInstanceUID, source.studyUid);
    assert.deepEqual(Object.keys(document.Study.Series[source.seriesUid].Instances).sort(), [...source.sopUids].sort());
  });

  it('copies a subset named by copiableAttributes, with SchemaVersion as a string or a number', async () => {
    const source = await newImageSet();
    for (const schemaVersion of ['1.1', 1.1]) {
      const chosen = schemaVersion === '1.1' ? source.sopUids[0] : source.sopUids[2];
      const response = await copy(source.imageSetId, {
        copiableAttributes: { SchemaVersion: schemaVersion, Study: { Series: { [source.seriesUid]: { Instances: { [chosen]: {} } } } } },
      });
      const newId = response.destinationImageSetProperties.imageSetId;
      await settleNow(ctx.endpoint, ctx.client, datastoreId, newId);
      await settleNow(ctx.endpoint, ctx.client, datastoreId, source.imageSetId);
      const { document } = await readMetadata(ctx.client, datastoreId, newId);
      assert.deepEqual(Object.keys(document.Study.Series[source.seriesUid].Instances), [chosen], `SchemaVersion ${JSON.stringify(schemaVersion)}`);
      assert.equal(document.Patient.DICOM.PatientID, source.patientId);
    }
  });

  it('into a consistent destination adds a version holding both sets of instances', async () => {
    const destination = await newImageSet({ patientId: 'PAT-MERGE' });
    const source = await newImageSet({ patientId: 'PAT-MERGE', studyUid: destination.studyUid, seriesUid: destination.seriesUid });
    const response = await copy(source.imageSetId, { destination: { imageSetId: destination.imageSetId, latestVersionId: '1' } });
    assert.equal(response.destinationImageSetProperties.imageSetId, destination.imageSetId);
    assert.equal(response.destinationImageSetProperties.latestVersionId, '2');
    assert.equal(response.destinationImageSetProperties.imageSetState, 'LOCKED');
    assert.equal(response.destinationImageSetProperties.imageSetWorkflowStatus, 'COPYING');

    const settled = await settleNow(ctx.endpoint, ctx.client, datastoreId, destination.imageSetId);
    assert.equal(settled.versionId, '2');
    assert.equal(settled.imageSetWorkflowStatus, 'COPIED');
    assert.equal(settled.overrides?.forced ?? false, false);
    await settleNow(ctx.endpoint, ctx.client, datastoreId, source.imageSetId);

    const { document } = await readMetadata(ctx.client, datastoreId, destination.imageSetId);
    assert.deepEqual(
      Object.keys(document.Study.Series[destination.seriesUid].Instances).sort(),
      [...destination.sopUids, ...source.sopUids].sort());
    const { imageSetPropertiesList } = await ctx.client.send(new ListImageSetVersionsCommand({ datastoreId, imageSetId: destination.imageSetId }));
    assert.deepEqual(imageSetPropertiesList.map((p) => [p.versionId, p.ImageSetWorkflowStatus]), [['2', 'COPIED'], ['1', 'CREATED']]);
  });

  it('into a destination of another patient and study ends COPY_FAILED with the service message', async () => {
    const destination = await newImageSet({ patientId: 'PAT-DEST', patientName: 'DEST^PATIENT' });
    const source = await newImageSet({ patientId: 'PAT-SRC', patientName: 'SOURCE^PATIENT' });
    const response = await copy(source.imageSetId, { destination: { imageSetId: destination.imageSetId, latestVersionId: '1' } });
    assert.equal(response.destinationImageSetProperties.latestVersionId, '2');

    const settled = await settleNow(ctx.endpoint, ctx.client, datastoreId, destination.imageSetId);
    assert.equal(settled.versionId, '2', 'the failed copy still adds a version');
    assert.equal(settled.imageSetState, 'ACTIVE');
    assert.equal(settled.imageSetWorkflowStatus, 'COPY_FAILED');
    assert.match(settled.message, /^INVALID_REQUEST: .*(Patient|Study|Series).* of SourceImageSet and DestinationImageSet don't match\.$/);
    await settleNow(ctx.endpoint, ctx.client, datastoreId, source.imageSetId);

    const { document } = await readMetadata(ctx.client, datastoreId, destination.imageSetId);
    assert.deepEqual(Object.keys(document.Study.Series[destination.seriesUid].Instances).sort(), [...destination.sopUids].sort());
    assert.ok(!(source.seriesUid in document.Study.Series), 'nothing copied');
  });

  it('with force completes into an inconsistent destination, keeps its Patient/Study metadata and marks overrides.forced', async () => {
    const destination = await newImageSet({ patientId: 'PAT-FDEST', patientName: 'FORCED^DEST' });
    const source = await newImageSet({ patientId: 'PAT-FSRC', patientName: 'FORCED^SOURCE' });
    await copy(source.imageSetId, { destination: { imageSetId: destination.imageSetId, latestVersionId: '1' }, force: true });

    const settled = await settleNow(ctx.endpoint, ctx.client, datastoreId, destination.imageSetId);
    assert.equal(settled.imageSetWorkflowStatus, 'COPIED');
    assert.equal(settled.overrides?.forced, true);
    await settleNow(ctx.endpoint, ctx.client, datastoreId, source.imageSetId);

    const { document } = await readMetadata(ctx.client, datastoreId, destination.imageSetId);
    assert.equal(document.Patient.DICOM.PatientID, 'PAT-FDEST');
    assert.equal(document.Patient.DICOM.PatientName, 'FORCED^DEST');
    assert.equal(document.Study.DICOM.StudyInstanceUID, destination.studyUid);
    const instances = Object.values(document.Study.Series).flatMap((s) => Object.keys(s.Instances));
    for (const sop of source.sopUids) assert.ok(instances.includes(sop), `copied instance ${sop}`);
  });

  it('refuses duplicate SOP Instance UIDs in the destination (COPY_FAILED)', async () => {
    const destination = await newImageSet({ patientId: 'PAT-DUP' });
    const source = await newImageSet({ patientId: 'PAT-DUP', studyUid: destination.studyUid, seriesUid: destination.seriesUid, sopUids: [destination.sopUids[0]] });
    await copy(source.imageSetId, { destination: { imageSetId: destination.imageSetId, latestVersionId: '1' } });
    const settled = await settleNow(ctx.endpoint, ctx.client, datastoreId, destination.imageSetId);
    assert.equal(settled.imageSetWorkflowStatus, 'COPY_FAILED');
    assert.match(settled.message, /SOP Instance UID/);
    await settleNow(ctx.endpoint, ctx.client, datastoreId, source.imageSetId);
  });

  it('promoteToPrimary lands the copy in a new primary image set', async () => {
    const destination = await newImageSet({ patientId: 'PAT-PRIMARY' });
    const source = await newImageSet({ patientId: 'PAT-PRIMARY', studyUid: destination.studyUid, seriesUid: destination.seriesUid });
    const response = await copy(source.imageSetId, {
      destination: { imageSetId: destination.imageSetId, latestVersionId: '1' },
      promoteToPrimary: true,
    });
    const promotedId = response.destinationImageSetProperties.imageSetId;
    assert.notEqual(promotedId, destination.imageSetId);
    const settled = await settleNow(ctx.endpoint, ctx.client, datastoreId, promotedId);
    assert.equal(settled.imageSetWorkflowStatus, 'COPIED');
    assert.equal(settled.isPrimary, true);
    await settleNow(ctx.endpoint, ctx.client, datastoreId, source.imageSetId);
    await settleNow(ctx.endpoint, ctx.client, datastoreId, destination.imageSetId);
  });

  it('a stale source latestVersionId or destination latestVersionId is a ConflictException', async () => {
    const source = await newImageSet();
    await expectServiceError(copy(source.imageSetId, { sourceVersion: '7' }), 'ConflictException', 409);
    const destination = await newImageSet({ studyUid: source.studyUid, seriesUid: source.seriesUid });
    await expectServiceError(
      copy(source.imageSetId, { destination: { imageSetId: destination.imageSetId, latestVersionId: '3' } }),
      'ConflictException', 409);
  });


  it('copiableAttributes naming an instance the source lacks, or not JSON, is a ValidationException', async () => {
    const source = await newImageSet();
    await expectServiceError(copy(source.imageSetId, {
      copiableAttributes: { SchemaVersion: '1.1', Study: { Series: { [source.seriesUid]: { Instances: { [uniqueUid()]: {} } } } } },
    }), 'ValidationException', 400);
    await expectServiceError(copy(source.imageSetId, { copiableAttributes: 'not json' }), 'ValidationException', 400);
  });

  it('more than 1,000 image frames in one copy is a ValidationException (the AWS quota)', async () => {
    const big = await newImageSet({ sopUids: Array.from({ length: 1001 }, () => uniqueUid()) });
    await expectServiceError(copy(big.imageSetId), 'ValidationException', 400);
    const subset = await copy(big.imageSetId, {
      copiableAttributes: { SchemaVersion: '1.1', Study: { Series: { [big.seriesUid]: { Instances: { [big.sopUids[0]]: {} } } } } },
    });
    await settleNow(ctx.endpoint, ctx.client, datastoreId, subset.destinationImageSetProperties.imageSetId);
    await settleNow(ctx.endpoint, ctx.client, datastoreId, big.imageSetId);
  });

  it('an unknown source or destination image set is a ResourceNotFoundException', async () => {
    await expectServiceError(copy('d'.repeat(32)), 'ResourceNotFoundException', 404);
    const source = await newImageSet();
    await expectServiceError(
      copy(source.imageSetId, { destination: { imageSetId: 'd'.repeat(32), latestVersionId: '1' } }),
      'ResourceNotFoundException', 404);
  });
});

describe('CopyImageSet from a source that is being copied', () => {
  // A workflow that does not end during the test: the second copy meets the first one's read-only lock whatever the machine's speed.
  const ctx = useService(['--workflow-delay-ms', '600000']);

  it('a copy from a source that is being copied is a ConflictException', async () => {
    const datastoreId = await createLocalDatastore(ctx.endpoint, 'copy-locked');
    const sourceImageSetId = await createLocalImageSet(ctx.endpoint, datastoreId, metadataDocument());
    const copy = () => ctx.client.send(new CopyImageSetCommand({
      datastoreId, sourceImageSetId, copyImageSetInformation: { sourceImageSet: { latestVersionId: '1' } },
    }));
    const first = await copy();
    assert.equal(first.sourceImageSetProperties.imageSetWorkflowStatus, 'COPYING_WITH_READ_ONLY_ACCESS');
    await expectServiceError(copy(), 'ConflictException', 409);
    const source = await ctx.client.send(new GetImageSetCommand({ datastoreId, imageSetId: sourceImageSetId }));
    assert.equal(source.imageSetState, 'LOCKED', 'the refused copy left the first one under way');
  });
});
