// Quotas as AWS's client reads them: ThrottlingException (429) from the AWS rate preset, and
// ServiceQuotaExceededException (402) past the concurrent-write limit of a datastore.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { GetImageSetCommand, ListImageSetVersionsCommand, UpdateImageSetMetadataCommand } from '@aws-sdk/client-medical-imaging';
import {
  useService,
  createClient,
  expectServiceError,
  createLocalDatastore,
  createLocalImageSet,
  metadataDocument,
  waitUntilSettled,
  encodeJson,
  recordExchanges,
} from './helpers.mjs';
import { exchangeProblems } from './model-shapes.mjs';

/** Sends `count` GetImageSet at once; resolves to Promise.allSettled's results. */
const burst = (client, datastoreId, imageSetId, count = 40) => Promise.allSettled(
  Array.from({ length: count }, () => client.send(new GetImageSetCommand({ datastoreId, imageSetId }))));

const renamePatient = (name) => ({
  DICOMUpdates: { updatableAttributes: encodeJson({ SchemaVersion: 1.1, Patient: { DICOM: { PatientName: name } } }) },
});

describe('ThrottlingException with --quota-preset aws-2024', () => {
  // The older table at scale 0.2: GetImageSet 5 TPS burst 10; UpdateImageSetMetadata far below one request per second.
  const ctx = useService(['--quota-preset', 'aws-2024', '--quota-scale', '0.2', '--workflow-delay-ms', '50']);
  let datastoreId;
  const imageSetIds = [];

  let exchanges;

  before(async () => {
    exchanges = recordExchanges(ctx.client);
    datastoreId = await createLocalDatastore(ctx.endpoint, 'throttled');
    for (let i = 0; i < 2; i += 1) imageSetIds.push(await createLocalImageSet(ctx.endpoint, datastoreId, metadataDocument()));
  });

  it('a burst of GetImageSet beyond the bucket is answered 429 ThrottlingException, the rest succeed', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, () => ctx.client.send(new GetImageSetCommand({ datastoreId, imageSetId: imageSetIds[0] }))));
    const succeeded = results.filter((r) => r.status === 'fulfilled');
    const rejected = results.filter((r) => r.status === 'rejected').map((r) => r.reason);
    assert.ok(succeeded.length >= 1, 'the burst allowance is served');
    assert.ok(rejected.length >= 1, 'requests beyond the burst are throttled');
    for (const error of rejected) {
      assert.equal(error.name, 'ThrottlingException', error.message);
      assert.equal(error.$metadata.httpStatusCode, 429);
      assert.equal(typeof error.message, 'string');
    }
  });

  it('the bucket refills: once emptied, GetImageSet succeeds again later', async () => {
    // Empties the bucket itself (not relying on the test before), then polls for the refill instead of sleeping.
    const drained = await burst(ctx.client, datastoreId, imageSetIds[0]);
    assert.ok(drained.some((r) => r.status === 'rejected' && r.reason.name === 'ThrottlingException'), 'the bucket was emptied');
    const deadline = Date.now() + 30000;
    for (;;) {
      try {
        const imageSet = await ctx.client.send(new GetImageSetCommand({ datastoreId, imageSetId: imageSetIds[0] }));
        assert.equal(imageSet.imageSetId, imageSetIds[0]);
        break;
      } catch (error) {
        assert.equal(error.name, 'ThrottlingException', error.message);
        assert.ok(Date.now() < deadline, 'the bucket did not refill within 30 s');
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  });

  it('a second UpdateImageSetMetadata right after the first is a ThrottlingException and has no effect', async () => {
    const first = await ctx.client.send(new UpdateImageSetMetadataCommand({
      datastoreId, imageSetId: imageSetIds[0], latestVersionId: '1', updateImageSetMetadataUpdates: renamePatient('FIRST^UPDATE'),
    }));
    assert.equal(first.imageSetState, 'LOCKED');
    await expectServiceError(ctx.client.send(new UpdateImageSetMetadataCommand({
      datastoreId, imageSetId: imageSetIds[1], latestVersionId: '1', updateImageSetMetadataUpdates: renamePatient('SECOND^UPDATE'),
    })), 'ThrottlingException', 429);
    // ListImageSetVersions has its own bucket; the GetImageSet one may still be empty after the retry test.
    const { imageSetPropertiesList } = await ctx.client.send(new ListImageSetVersionsCommand({ datastoreId, imageSetId: imageSetIds[1] }));
    assert.deepEqual(imageSetPropertiesList.map((p) => p.versionId), ['1'], 'a throttled request has no effect');
  });

  it('the 429 answers match the model: ThrottlingException listed for the operation, with its error shape', async () => {
    // Its own throttled answers, whatever the tests before it did.
    await burst(ctx.client, datastoreId, imageSetIds[0]);
    const throttled = exchanges.filter((e) => e.statusCode === 429);
    assert.ok(throttled.length > 0);
    assert.deepEqual(throttled.flatMap(exchangeProblems), []);
  });
});

describe('AWS\'s client against --quota-preset aws', () => {
  // A service of its own, so the GetImageSet bucket starts full (5 TPS, burst 10) whatever other tests took from theirs.
  const ctx = useService(['--quota-preset', 'aws', '--quota-scale', '0.2']);

  it('AWS\'s client with its standard retries rides out the throttling', async () => {
    const datastoreId = await createLocalDatastore(ctx.endpoint, 'throttled-retries');
    const imageSetId = await createLocalImageSet(ctx.endpoint, datastoreId, metadataDocument());
    const retrying = createClient(ctx.endpoint, { maxAttempts: 6 });
    try {
      const results = await Promise.all(
        Array.from({ length: 13 }, () => retrying.send(new GetImageSetCommand({ datastoreId, imageSetId }))));
      assert.ok(results.every((r) => r.imageSetId === imageSetId));
      assert.ok(results.some((r) => r.$metadata.attempts > 1), 'some requests were throttled and retried by the SDK');
    } finally {
      retrying.destroy();
    }
  });
});

describe('ServiceQuotaExceededException with --max-concurrent-writes', () => {
  const ctx = useService(['--max-concurrent-writes', '1', '--workflow-delay-ms', '1000']);
  let datastoreId;
  let otherDatastoreId;
  const imageSetIds = [];
  let otherImageSetId;

  let exchanges;

  before(async () => {
    exchanges = recordExchanges(ctx.client);
    datastoreId = await createLocalDatastore(ctx.endpoint, 'concurrency');
    otherDatastoreId = await createLocalDatastore(ctx.endpoint, 'concurrency-other');
    for (let i = 0; i < 2; i += 1) imageSetIds.push(await createLocalImageSet(ctx.endpoint, datastoreId, metadataDocument()));
    otherImageSetId = await createLocalImageSet(ctx.endpoint, otherDatastoreId, metadataDocument());
  });

  it('a write beyond the concurrent limit of the datastore is a 402 ServiceQuotaExceededException; other datastores are not affected', async () => {
    const update = (dsId, imageSetId) => ctx.client.send(new UpdateImageSetMetadataCommand({
      datastoreId: dsId, imageSetId, latestVersionId: '1', updateImageSetMetadataUpdates: renamePatient('CONCURRENT^WRITE'),
    }));
    const first = await update(datastoreId, imageSetIds[0]);
    assert.equal(first.imageSetWorkflowStatus, 'UPDATING');
    await expectServiceError(update(datastoreId, imageSetIds[1]), 'ServiceQuotaExceededException', 402);

    const elsewhere = await update(otherDatastoreId, otherImageSetId);
    assert.equal(elsewhere.imageSetWorkflowStatus, 'UPDATING');

    await waitUntilSettled(ctx.client, datastoreId, imageSetIds[0]);
    const afterwards = await update(datastoreId, imageSetIds[1]);
    assert.equal(afterwards.latestVersionId, '2', 'the slot is free once the first write settled');
    await waitUntilSettled(ctx.client, datastoreId, imageSetIds[1]);
    await waitUntilSettled(ctx.client, otherDatastoreId, otherImageSetId);
  });

  it('the 402 answer matches the model: ServiceQuotaExceededException listed for UpdateImageSetMetadata, with its error shape', () => {
    const refused = exchanges.filter((e) => e.statusCode === 402);
    assert.equal(refused.length, 1);
    assert.deepEqual(refused.flatMap(exchangeProblems), []);
  });
});

describe('the default concurrent-write quota of 100 per datastore', () => {
  // Long enough that the first hundred writes are all still in flight when the 101st arrives.
  const ctx = useService(['--workflow-delay-ms', '4000']);
  let datastoreId;
  const imageSetIds = [];

  before(async () => {
    datastoreId = await createLocalDatastore(ctx.endpoint, 'hundred-writes');
    for (let i = 0; i < 101; i += 1) imageSetIds.push(await createLocalImageSet(ctx.endpoint, datastoreId, metadataDocument()));
  });

  it('accepts 100 concurrent UpdateImageSetMetadata and answers the 101st with ServiceQuotaExceededException', async () => {
    const update = (imageSetId) => ctx.client.send(new UpdateImageSetMetadataCommand({
      datastoreId, imageSetId, latestVersionId: '1', updateImageSetMetadataUpdates: renamePatient('HUNDRED^WRITES'),
    }));
    const accepted = await Promise.all(imageSetIds.slice(0, 100).map(update));
    assert.ok(accepted.every((r) => r.imageSetState === 'LOCKED'));
    await expectServiceError(update(imageSetIds[100]), 'ServiceQuotaExceededException', 402);
  });
});
