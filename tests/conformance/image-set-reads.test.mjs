// Data-plane reads: GetImageSet, ListImageSetVersions (paging, newest first, the capital-I ImageSetWorkflowStatus),
// GetImageSetMetadata (gzip JSON), and their errors.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  GetImageSetCommand,
  ListImageSetVersionsCommand,
  GetImageSetMetadataCommand,
  paginateListImageSetVersions,
} from '@aws-sdk/client-medical-imaging';
import {
  useService,
  expectServiceError,
  createLocalDatastore,
  createLocalImageSet,
  addLocalVersion,
  localPost,
  metadataDocument,
  readMetadata,
  uniqueUid,
} from './helpers.mjs';

const VERSION_COUNT = 57;

// One top-level suite per file: Node 20 runs root-level before hooks concurrently, suite-level ones in order.
describe('image set reads', () => {
  const ctx = useService(['--workflow-delay-ms', '50']);
  let datastoreId;
  let imageSetId;
  const studyUid = uniqueUid();
  const seriesUid = uniqueUid();
  const sopUids = [uniqueUid(), uniqueUid()];

  before(async () => {
    datastoreId = await createLocalDatastore(ctx.endpoint, 'reads');
    imageSetId = await createLocalImageSet(ctx.endpoint, datastoreId, metadataDocument({
      patientId: 'PAT-READS',
      patientName: 'READS^VERSION^1',
      studyUid,
      series: [{ uid: seriesUid, modality: 'MR', instances: sopUids }],
    }));
    // Versions 2..VERSION_COUNT, each renaming the patient, some with other statuses so the list shows them.
    for (let v = 2; v <= VERSION_COUNT; v += 1) {
      const document = metadataDocument({
        patientId: 'PAT-READS',
        patientName: `READS^VERSION^${v}`,
        studyUid,
        series: [{ uid: seriesUid, modality: 'MR', instances: sopUids }],
      });
      const body = { document, workflowStatus: v === 3 ? 'COPIED' : 'UPDATED' };
      if (v === 4) Object.assign(body, { forced: true });
      if (v === 5) Object.assign(body, { workflowStatus: 'UPDATE_FAILED', message: 'INVALID_REQUEST: simulated failure' });
      const versionId = await addLocalVersion(ctx.endpoint, datastoreId, imageSetId, body);
      assert.equal(versionId, String(v));
    }
  });

  async function listAllVersions() {
    const versions = [];
    for await (const page of paginateListImageSetVersions({ client: ctx.client, pageSize: 50 }, { datastoreId, imageSetId })) {
      versions.push(...page.imageSetPropertiesList);
    }
    return versions;
  }

  describe('GetImageSet', () => {
    it('without versionId returns the latest version with the model response shape', async () => {
      const imageSet = await ctx.client.send(new GetImageSetCommand({ datastoreId, imageSetId }));
      assert.equal(imageSet.$metadata.httpStatusCode, 200);
      assert.equal(imageSet.datastoreId, datastoreId);
      assert.equal(imageSet.imageSetId, imageSetId);
      assert.equal(imageSet.versionId, String(VERSION_COUNT));
      assert.equal(imageSet.imageSetState, 'ACTIVE');
      assert.equal(imageSet.imageSetWorkflowStatus, 'UPDATED');
      assert.ok(imageSet.createdAt instanceof Date);
      assert.ok(imageSet.updatedAt instanceof Date);
      assert.match(imageSet.imageSetArn, new RegExp(`^arn:aws:medical-imaging:[a-z0-9-]+:\\d{12}:datastore/${datastoreId}/imageset/${imageSetId}$`));
      assert.equal(imageSet.overrides?.forced ?? false, false);
    });

    it('with versionId returns that version, its status, message and overrides', async () => {
      const first = await ctx.client.send(new GetImageSetCommand({ datastoreId, imageSetId, versionId: '1' }));
      assert.equal(first.versionId, '1');
      assert.equal(first.imageSetWorkflowStatus, 'CREATED');

      const forced = await ctx.client.send(new GetImageSetCommand({ datastoreId, imageSetId, versionId: '4' }));
      assert.equal(forced.versionId, '4');
      assert.equal(forced.overrides?.forced, true);

      const failed = await ctx.client.send(new GetImageSetCommand({ datastoreId, imageSetId, versionId: '5' }));
      assert.equal(failed.imageSetWorkflowStatus, 'UPDATE_FAILED');
      assert.equal(failed.message, 'INVALID_REQUEST: simulated failure');
    });

    it('of an unknown version is a ResourceNotFoundException', async () => {
      await expectServiceError(
        ctx.client.send(new GetImageSetCommand({ datastoreId, imageSetId, versionId: '9999' })),
        'ResourceNotFoundException', 404);
    });

    it('of an unknown image set is a ResourceNotFoundException', async () => {
      await expectServiceError(
        ctx.client.send(new GetImageSetCommand({ datastoreId, imageSetId: 'f'.repeat(32) })),
        'ResourceNotFoundException', 404);
    });

    it('in an unknown datastore is a ResourceNotFoundException', async () => {
      await expectServiceError(
        ctx.client.send(new GetImageSetCommand({ datastoreId: 'e'.repeat(32), imageSetId })),
        'ResourceNotFoundException', 404);
    });

    it('with a malformed image set id or version is a ValidationException', async () => {
      await expectServiceError(
        ctx.client.send(new GetImageSetCommand({ datastoreId, imageSetId: 'ABC' })),
        'ValidationException', 400);
      await expectServiceError(
        ctx.client.send(new GetImageSetCommand({ datastoreId, imageSetId, versionId: 'latest' })),
        'ValidationException', 400);
    });
  });

  describe('ListImageSetVersions', () => {
    it('pages over more than 50 versions with maxResults and nextToken, newest first', async () => {
      const versionIds = [];
      let nextToken;
      let pages = 0;
      do {
        const page = await ctx.client.send(new ListImageSetVersionsCommand({ datastoreId, imageSetId, maxResults: 20, nextToken }));
        assert.equal(page.$metadata.httpStatusCode, 200);
        assert.ok(page.imageSetPropertiesList.length <= 20);
        versionIds.push(...page.imageSetPropertiesList.map((p) => p.versionId));
        nextToken = page.nextToken;
        pages += 1;
      } while (nextToken && pages < 20);
      assert.equal(pages, Math.ceil(VERSION_COUNT / 20));
      const expected = Array.from({ length: VERSION_COUNT }, (_, i) => String(VERSION_COUNT - i));
      assert.deepEqual(versionIds, expected);
    });

    it('without maxResults answers at most 50 and a nextToken for the rest', async () => {
      const first = await ctx.client.send(new ListImageSetVersionsCommand({ datastoreId, imageSetId }));
      assert.ok(first.imageSetPropertiesList.length <= 50);
      assert.ok(first.nextToken, 'a nextToken when more versions remain');
      const second = await ctx.client.send(new ListImageSetVersionsCommand({ datastoreId, imageSetId, nextToken: first.nextToken }));
      assert.equal(first.imageSetPropertiesList.length + second.imageSetPropertiesList.length, VERSION_COUNT);
      assert.equal(second.nextToken, undefined);
      assert.equal(second.imageSetPropertiesList.at(-1).versionId, '1');
    });

    it('pages stay stable when a version is added between pages', async () => {
      const id = await createLocalImageSet(ctx.endpoint, datastoreId, metadataDocument());
      for (let v = 2; v <= 5; v += 1) await addLocalVersion(ctx.endpoint, datastoreId, id, {});
      const first = await ctx.client.send(new ListImageSetVersionsCommand({ datastoreId, imageSetId: id, maxResults: 2 }));
      assert.deepEqual(first.imageSetPropertiesList.map((p) => p.versionId), ['5', '4']);
      await addLocalVersion(ctx.endpoint, datastoreId, id, {});
      const second = await ctx.client.send(new ListImageSetVersionsCommand({ datastoreId, imageSetId: id, maxResults: 2, nextToken: first.nextToken }));
      assert.deepEqual(second.imageSetPropertiesList.map((p) => p.versionId), ['3', '2']);
      const third = await ctx.client.send(new ListImageSetVersionsCommand({ datastoreId, imageSetId: id, maxResults: 2, nextToken: second.nextToken }));
      assert.deepEqual(third.imageSetPropertiesList.map((p) => p.versionId), ['1']);
      assert.equal(third.nextToken, undefined);
    });

    it('works with the SDK paginator', async () => {
      let count = 0;
      for await (const page of paginateListImageSetVersions({ client: ctx.client, pageSize: 50 }, { datastoreId, imageSetId })) {
        count += page.imageSetPropertiesList.length;
      }
      assert.equal(count, VERSION_COUNT);
    });

    it('items carry ImageSetWorkflowStatus (capital I) as the SDK reads it, state, overrides and message', async () => {
      const byVersion = new Map((await listAllVersions()).map((p) => [p.versionId, p]));
      const latest = byVersion.get(String(VERSION_COUNT));
      assert.equal(latest.imageSetId, imageSetId);
      assert.equal(latest.imageSetState, 'ACTIVE');
      assert.equal(latest.ImageSetWorkflowStatus, 'UPDATED');
      assert.ok(latest.createdAt instanceof Date);
      assert.equal(byVersion.get('3').ImageSetWorkflowStatus, 'COPIED');
      assert.equal(byVersion.get('4').overrides?.forced, true);
      assert.equal(byVersion.get('5').ImageSetWorkflowStatus, 'UPDATE_FAILED');
      assert.equal(byVersion.get('5').message, 'INVALID_REQUEST: simulated failure');
    });

    it('the oldest version reads back CREATED', async () => {
      const versions = await listAllVersions();
      assert.equal(versions.at(-1).versionId, '1');
      assert.equal(versions.at(-1).ImageSetWorkflowStatus, 'CREATED');
    });

    it('with maxResults out of 1..50 is a ValidationException', async () => {
      await expectServiceError(
        ctx.client.send(new ListImageSetVersionsCommand({ datastoreId, imageSetId, maxResults: 51 })),
        'ValidationException', 400);
      await expectServiceError(
        ctx.client.send(new ListImageSetVersionsCommand({ datastoreId, imageSetId, maxResults: 0 })),
        'ValidationException', 400);
    });

    it('of an unknown image set is a ResourceNotFoundException', async () => {
      await expectServiceError(
        ctx.client.send(new ListImageSetVersionsCommand({ datastoreId, imageSetId: 'a'.repeat(32) })),
        'ResourceNotFoundException', 404);
    });
  });

  describe('GetImageSetMetadata', () => {
    it('answers gzip JSON with the DatastoreID, ImageSetID and the DICOM content of the latest version', async () => {
      const { response, document } = await readMetadata(ctx.client, datastoreId, imageSetId);
      assert.equal(response.$metadata.httpStatusCode, 200);
      assert.match(response.contentType, /^application\/json/);
      assert.equal(document.SchemaVersion, '1.1');
      assert.equal(document.DatastoreID, datastoreId);
      assert.equal(document.ImageSetID, imageSetId);
      assert.equal(document.Patient.DICOM.PatientName, `READS^VERSION^${VERSION_COUNT}`);
      assert.equal(document.Patient.DICOM.PatientID, 'PAT-READS');
      assert.equal(document.Study.DICOM.StudyInstanceUID, studyUid);
      const series = document.Study.Series[seriesUid];
      assert.equal(series.DICOM.Modality, 'MR');
      assert.deepEqual(Object.keys(series.Instances).sort(), [...sopUids].sort());
      const instance = series.Instances[sopUids[0]];
      assert.equal(instance.DICOM.SOPInstanceUID, sopUids[0]);
      assert.ok(Array.isArray(instance.ImageFrames) && instance.ImageFrames.length === 1);
      assert.match(instance.ImageFrames[0].ID, /^[0-9a-f]{32}$/);
    });

    it('with versionId answers that version', async () => {
      const { document } = await readMetadata(ctx.client, datastoreId, imageSetId, '1');
      assert.equal(document.Patient.DICOM.PatientName, 'READS^VERSION^1');
      assert.equal(document.ImageSetID, imageSetId);
      const { document: second } = await readMetadata(ctx.client, datastoreId, imageSetId, '2');
      assert.equal(second.Patient.DICOM.PatientName, 'READS^VERSION^2');
    });

    it('streams a multi-megabyte generated document intact', async () => {
      const { imageSetIds } = await localPost(ctx.endpoint, `/_local/datastore/${datastoreId}/generate`,
        { patients: 1, studiesPerPatient: 1, seriesPerStudy: 4, seed: 7, targetBytes: 8000000 });
      assert.equal(imageSetIds.length, 1);
      const { response, document } = await readMetadata(ctx.client, datastoreId, imageSetIds[0]);
      assert.equal(response.contentEncoding, 'gzip');
      assert.equal(document.ImageSetID, imageSetIds[0]);
      // The generator fills the document to just under targetBytes of compact JSON.
      const size = Buffer.byteLength(JSON.stringify(document));
      assert.ok(size > 7800000 && size <= 8000000, `the whole document arrived (${size} bytes)`);
      const series = Object.values(document.Study.Series);
      assert.equal(series.length, 4);
      for (const s of series) assert.ok(Object.keys(s.Instances).length > 100);
    });

    it('of an unknown version is a ResourceNotFoundException', async () => {
      await expectServiceError(
        ctx.client.send(new GetImageSetMetadataCommand({ datastoreId, imageSetId, versionId: '4242' })),
        'ResourceNotFoundException', 404);
    });

    it('of an unknown image set is a ResourceNotFoundException', async () => {
      await expectServiceError(
        ctx.client.send(new GetImageSetMetadataCommand({ datastoreId, imageSetId: 'b'.repeat(32) })),
        'ResourceNotFoundException', 404);
    });
  });
});
