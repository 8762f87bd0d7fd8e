// --data-dir: what AWS's client wrote survives a restart of the service.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateDatastoreCommand,
  ListDatastoresCommand,
  GetImageSetCommand,
  ListImageSetVersionsCommand,
  UpdateImageSetMetadataCommand,
} from '@aws-sdk/client-medical-imaging';
import {
  startService,
  createClient,
  createLocalImageSet,
  metadataDocument,
  readMetadata,
  waitUntilSettled,
  encodeJson,
} from './helpers.mjs';

const rename = (name) => ({
  DICOMUpdates: { updatableAttributes: encodeJson({ SchemaVersion: 1.1, Patient: { DICOM: { PatientName: name } } }) },
});

describe('--data-dir', () => {
  let dataDir;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ahitools-conformance-'));
  });
  after(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  /** Runs `body(client, endpoint)` against a service on `dataDir`, then stops it. */
  async function withService(args, body) {
    const service = await startService(['--data-dir', dataDir, ...args]);
    const client = createClient(service.endpoint);
    try {
      return await body(client, service.endpoint);
    } finally {
      client.destroy();
      await service.stop();
    }
  }

  it('keeps datastores, image sets, versions and metadata across a restart', async () => {
    const { datastoreId, imageSetId } = await withService(['--workflow-delay-ms', '50'], async (client, endpoint) => {
      const { datastoreId: id } = await client.send(new CreateDatastoreCommand({ datastoreName: 'persisted' }));
      const imageSet = await createLocalImageSet(endpoint, id, metadataDocument());
      await client.send(new UpdateImageSetMetadataCommand({
        datastoreId: id, imageSetId: imageSet, latestVersionId: '1', updateImageSetMetadataUpdates: rename('PERSISTED^NAME'),
      }));
      await waitUntilSettled(client, id, imageSet);
      return { datastoreId: id, imageSetId: imageSet };
    });

    await withService([], async (client) => {
      const { datastoreSummaries } = await client.send(new ListDatastoresCommand({}));
      assert.ok(datastoreSummaries.some((d) => d.datastoreId === datastoreId && d.datastoreName === 'persisted'));
      const imageSet = await client.send(new GetImageSetCommand({ datastoreId, imageSetId }));
      assert.equal(imageSet.versionId, '2');
      assert.equal(imageSet.imageSetState, 'ACTIVE');
      assert.equal(imageSet.imageSetWorkflowStatus, 'UPDATED');
      const { imageSetPropertiesList } = await client.send(new ListImageSetVersionsCommand({ datastoreId, imageSetId }));
      assert.deepEqual(imageSetPropertiesList.map((p) => p.versionId), ['2', '1']);
      const { document } = await readMetadata(client, datastoreId, imageSetId);
      assert.equal(document.Patient.DICOM.PatientName, 'PERSISTED^NAME');
      const { document: first } = await readMetadata(client, datastoreId, imageSetId, '1');
      assert.equal(first.Patient.DICOM.PatientName, 'CONFORMANCE^TEST');
    });
  });

  it('finishes a write that was still LOCKED when the service stopped', async () => {
    const { datastoreId, imageSetId } = await withService(['--workflow-delay-ms', '60000'], async (client, endpoint) => {
      const { datastoreId: id } = await client.send(new CreateDatastoreCommand({ datastoreName: 'interrupted' }));
      const imageSet = await createLocalImageSet(endpoint, id, metadataDocument());
      const response = await client.send(new UpdateImageSetMetadataCommand({
        datastoreId: id, imageSetId: imageSet, latestVersionId: '1', updateImageSetMetadataUpdates: rename('INTERRUPTED^WRITE'),
      }));
      assert.equal(response.imageSetState, 'LOCKED');
      return { datastoreId: id, imageSetId: imageSet };
    });

    await withService([], async (client) => {
      const imageSet = await client.send(new GetImageSetCommand({ datastoreId, imageSetId }));
      assert.equal(imageSet.versionId, '2');
      assert.equal(imageSet.imageSetState, 'ACTIVE');
      assert.equal(imageSet.imageSetWorkflowStatus, 'UPDATED');
      const { document } = await readMetadata(client, datastoreId, imageSetId);
      assert.equal(document.Patient.DICOM.PatientName, 'INTERRUPTED^WRITE');
    });
  });
});
