// Fault injection as AWS's client sees it: 500/503 answers, and writes applied whose response is lost.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { GetImageSetCommand, UpdateImageSetMetadataCommand } from '@aws-sdk/client-medical-imaging';
import {
  useService,
  createClient,
  createLocalDatastore,
  createLocalImageSet,
  metadataDocument,
  readMetadata,
  waitUntilSettled,
  encodeJson,
} from './helpers.mjs';

describe('--fault-rate 1', () => {
  const ctx = useService(['--fault-rate', '1', '--fault-seed', '7']);
  let datastoreId;
  let imageSetId;

  before(async () => {
    // /_local routes are fault-free, so seeding works.
    datastoreId = await createLocalDatastore(ctx.endpoint, 'faults');
    imageSetId = await createLocalImageSet(ctx.endpoint, datastoreId, metadataDocument());
  });

  it('answers every operation with a server fault the SDK reads as InternalServerException (500) or a 503', async () => {
    for (let i = 0; i < 6; i += 1) {
      let error;
      try {
        await ctx.client.send(new GetImageSetCommand({ datastoreId, imageSetId }));
      } catch (e) {
        error = e;
      }
      assert.ok(error, 'the call failed');
      assert.equal(error.$fault, 'server');
      const status = error.$metadata?.httpStatusCode;
      assert.ok(status === 500 || status === 503, `status ${status}`);
      if (status === 500) assert.equal(error.name, 'InternalServerException');
    }
  });
});

describe('--fault-lost-response-rate 1', () => {
  const ctx = useService(['--fault-lost-response-rate', '1', '--fault-seed', '7', '--workflow-delay-ms', '50']);
  let datastoreId;
  let imageSetId;

  before(async () => {
    datastoreId = await createLocalDatastore(ctx.endpoint, 'lost-responses');
    imageSetId = await createLocalImageSet(ctx.endpoint, datastoreId, metadataDocument());
  });

  it('applies a write, drops the connection, and the change is visible to the next read', async () => {
    const client = createClient(ctx.endpoint);
    try {
      let error;
      try {
        await client.send(new UpdateImageSetMetadataCommand({
          datastoreId,
          imageSetId,
          latestVersionId: '1',
          updateImageSetMetadataUpdates: {
            DICOMUpdates: { updatableAttributes: encodeJson({ SchemaVersion: 1.1, Patient: { DICOM: { PatientName: 'LOST^RESPONSE' } } }) },
          },
        }));
      } catch (e) {
        error = e;
      }
      assert.ok(error, 'the response was lost, so the SDK reports an error');
      assert.equal(error.$metadata?.httpStatusCode, undefined, `no HTTP answer, got ${error.name}: ${error.message}`);

      const settled = await waitUntilSettled(ctx.client, datastoreId, imageSetId);
      assert.equal(settled.versionId, '2', 'the write was applied');
      const { document } = await readMetadata(ctx.client, datastoreId, imageSetId);
      assert.equal(document.Patient.DICOM.PatientName, 'LOST^RESPONSE');
    } finally {
      client.destroy();
    }
  });

  it('reads are answered normally', async () => {
    const imageSet = await ctx.client.send(new GetImageSetCommand({ datastoreId, imageSetId }));
    assert.equal(imageSet.imageSetId, imageSetId);
  });
});
