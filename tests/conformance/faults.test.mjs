// Fault injection as AWS's client sees it: 500/503 answers, and writes applied whose response is lost.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { GetImageSetCommand, UpdateImageSetMetadataCommand } from '@aws-sdk/client-medical-imaging';
import {
  useService,
  startService,
  createClient,
  createLocalDatastore,
  createLocalImageSet,
  metadataDocument,
  readMetadata,
  waitUntilSettled,
  encodeJson,
} from './helpers.mjs';

describe('--fault-rate and --fault-seed', () => {
  const ctx = useService(['--fault-rate', '1', '--fault-seed', '7']);
  let datastoreId;
  let imageSetId;

  before(async () => {
    // /_local routes are fault-free, so seeding works.
    datastoreId = await createLocalDatastore(ctx.endpoint, 'faults');
    imageSetId = await createLocalImageSet(ctx.endpoint, datastoreId, metadataDocument());
  });

  async function statusesOf(client, count) {
    const statuses = [];
    for (let i = 0; i < count; i += 1) {
      try {
        await client.send(new GetImageSetCommand({ datastoreId, imageSetId }));
        statuses.push(200);
      } catch (error) {
        assert.equal(error.$fault, 'server');
        const status = error.$metadata?.httpStatusCode;
        if (status === 500) assert.equal(error.name, 'InternalServerException');
        else if (status === 503) assert.equal(error.name, 'ServiceUnavailableException');
        else assert.fail(`unexpected ${error.name} (${status})`);
        statuses.push(status);
      }
    }
    return statuses;
  }

  it('answers every operation with InternalServerException (500) or ServiceUnavailableException (503)', async () => {
    const statuses = await statusesOf(ctx.client, 8);
    assert.ok(!statuses.includes(200), 'every request failed');
    assert.ok(statuses.includes(500) && statuses.includes(503), `both kinds of fault: ${statuses}`);
  });

  it('the same --fault-seed replays the same faults', async () => {
    const [replay, again] = await Promise.all([
      startService(['--fault-rate', '0.5', '--fault-seed', '11']),
      startService(['--fault-rate', '0.5', '--fault-seed', '11']),
    ]);
    const sequences = [];
    try {
      for (const service of [replay, again]) {
        const client = createClient(service.endpoint);
        const ds = await createLocalDatastore(service.endpoint, 'replay');
        const id = await createLocalImageSet(service.endpoint, ds, metadataDocument());
        const statuses = [];
        for (let i = 0; i < 12; i += 1) {
          try {
            await client.send(new GetImageSetCommand({ datastoreId: ds, imageSetId: id }));
            statuses.push(200);
          } catch (error) {
            statuses.push(error.$metadata?.httpStatusCode);
          }
        }
        client.destroy();
        sequences.push(statuses);
      }
    } finally {
      await replay.stop();
      await again.stop();
    }
    assert.deepEqual(sequences[0], sequences[1]);
    assert.ok(sequences[0].includes(200) && sequences[0].some((s) => s !== 200), `a mix of successes and faults: ${sequences[0]}`);
  });
});

describe('--fault-lost-response-rate 1 and --fault-latency-ms', () => {
  const ctx = useService(['--fault-lost-response-rate', '1', '--fault-latency-ms', '200', '--fault-seed', '7', '--workflow-delay-ms', '50']);
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

  it('reads are answered normally, after the added latency', async () => {
    // A lower bound only (a loaded machine only makes it longer), on the monotonic clock; the exact wait is checked
    // deterministically by the xunit FaultTests on an injected clock.
    const started = performance.now();
    const imageSet = await ctx.client.send(new GetImageSetCommand({ datastoreId, imageSetId }));
    const took = performance.now() - started;
    assert.equal(imageSet.imageSetId, imageSetId);
    assert.ok(took >= 190, `answered after ${took} ms`);
  });
});
