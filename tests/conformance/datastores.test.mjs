// Control-plane operations: CreateDatastore, GetDatastore, ListDatastores, DeleteDatastore.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateDatastoreCommand,
  GetDatastoreCommand,
  ListDatastoresCommand,
  DeleteDatastoreCommand,
  DeleteImageSetCommand,
} from '@aws-sdk/client-medical-imaging';
import { useService, expectServiceError, createLocalImageSet, metadataDocument, waitUntilSettled } from './helpers.mjs';

const ID_PATTERN = /^[0-9a-z]{32}$/;

describe('datastores', () => {
  const ctx = useService(['--workflow-delay-ms', '50']);

  it('CreateDatastore answers an id and a status, and GetDatastore reads the properties back', async () => {
    const created = await ctx.client.send(new CreateDatastoreCommand({ datastoreName: 'conformance-create' }));
    assert.match(created.datastoreId, ID_PATTERN);
    assert.ok(['CREATING', 'ACTIVE'].includes(created.datastoreStatus), created.datastoreStatus);
    assert.equal(created.$metadata.httpStatusCode, 200);
    assert.ok(created.$metadata.requestId, 'x-amzn-RequestId read back as $metadata.requestId');

    const { datastoreProperties } = await ctx.client.send(new GetDatastoreCommand({ datastoreId: created.datastoreId }));
    assert.equal(datastoreProperties.datastoreId, created.datastoreId);
    assert.equal(datastoreProperties.datastoreName, 'conformance-create');
    assert.equal(datastoreProperties.datastoreStatus, 'ACTIVE');
    assert.match(datastoreProperties.datastoreArn, new RegExp(`^arn:aws:medical-imaging:us-east-1:\\d{12}:datastore/${created.datastoreId}$`));
    assert.ok(datastoreProperties.createdAt instanceof Date, 'createdAt is parsed as a Date');
    assert.ok(datastoreProperties.updatedAt instanceof Date, 'updatedAt is parsed as a Date');
    assert.ok(Math.abs(datastoreProperties.createdAt.getTime() - Date.now()) < 60000, 'createdAt is epoch seconds, now-ish');
  });

  it('GetDatastore reads back the kmsKeyArn and losslessStorageFormat given to CreateDatastore', async () => {
    const kmsKeyArn = 'arn:aws:kms:us-east-1:123456789012:key/12345678-1234-1234-1234-123456789012';
    const { datastoreId } = await ctx.client.send(new CreateDatastoreCommand({
      datastoreName: 'conformance-options', kmsKeyArn, losslessStorageFormat: 'JPEG_2000_LOSSLESS',
    }));
    const { datastoreProperties } = await ctx.client.send(new GetDatastoreCommand({ datastoreId }));
    assert.equal(datastoreProperties.kmsKeyArn, kmsKeyArn);
    assert.equal(datastoreProperties.losslessStorageFormat, 'JPEG_2000_LOSSLESS');
  });

  it('CreateDatastore with the same clientToken is idempotent', async () => {
    const clientToken = `conformance-${Date.now()}`;
    const first = await ctx.client.send(new CreateDatastoreCommand({ datastoreName: 'idem', clientToken }));
    const second = await ctx.client.send(new CreateDatastoreCommand({ datastoreName: 'idem', clientToken }));
    assert.equal(second.datastoreId, first.datastoreId);
  });

  it('ListDatastores pages with maxResults and nextToken and lists every datastore once', async () => {
    const ids = [];
    for (let i = 0; i < 3; i += 1) {
      ids.push((await ctx.client.send(new CreateDatastoreCommand({ datastoreName: `list-${i}` }))).datastoreId);
    }
    const seen = [];
    let nextToken;
    let pages = 0;
    do {
      const page = await ctx.client.send(new ListDatastoresCommand({ maxResults: 2, nextToken }));
      assert.ok(page.datastoreSummaries.length <= 2);
      for (const summary of page.datastoreSummaries) {
        assert.match(summary.datastoreId, ID_PATTERN);
        assert.ok(summary.datastoreArn.endsWith(summary.datastoreId));
        seen.push(summary.datastoreId);
      }
      nextToken = page.nextToken;
      pages += 1;
    } while (nextToken && pages < 50);
    assert.ok(pages >= 2, 'more than one page');
    assert.equal(new Set(seen).size, seen.length, 'no datastore listed twice');
    for (const id of ids) assert.ok(seen.includes(id), `${id} listed`);
  });

  it('ListDatastores filters by datastoreStatus', async () => {
    // Its own datastore: the test does not rely on what other tests created.
    const { datastoreId } = await ctx.client.send(new CreateDatastoreCommand({ datastoreName: 'status-filter' }));
    const listed = [];
    let nextToken;
    do {
      const page = await ctx.client.send(new ListDatastoresCommand({ datastoreStatus: 'ACTIVE', nextToken }));
      for (const summary of page.datastoreSummaries) assert.equal(summary.datastoreStatus, 'ACTIVE');
      listed.push(...page.datastoreSummaries.map((s) => s.datastoreId));
      nextToken = page.nextToken;
    } while (nextToken);
    assert.ok(listed.includes(datastoreId), `${datastoreId} listed as ACTIVE`);
  });

  it('DeleteDatastore answers DELETING and the datastore is then gone', async () => {
    const { datastoreId } = await ctx.client.send(new CreateDatastoreCommand({ datastoreName: 'to-delete' }));
    const deleted = await ctx.client.send(new DeleteDatastoreCommand({ datastoreId }));
    assert.equal(deleted.datastoreId, datastoreId);
    assert.equal(deleted.datastoreStatus, 'DELETING');
    await expectServiceError(ctx.client.send(new GetDatastoreCommand({ datastoreId })), 'ResourceNotFoundException', 404);
  });

  it('DeleteDatastore of a datastore that still holds image sets is a ConflictException', async () => {
    const { datastoreId } = await ctx.client.send(new CreateDatastoreCommand({ datastoreName: 'not-empty' }));
    const imageSetId = await createLocalImageSet(ctx.endpoint, datastoreId, metadataDocument());
    await expectServiceError(ctx.client.send(new DeleteDatastoreCommand({ datastoreId })), 'ConflictException', 409);

    await ctx.client.send(new DeleteImageSetCommand({ datastoreId, imageSetId }));
    await waitUntilSettled(ctx.client, datastoreId, imageSetId).catch(() => {});
    const deleted = await ctx.client.send(new DeleteDatastoreCommand({ datastoreId }));
    assert.equal(deleted.datastoreStatus, 'DELETING');
  });

  it('GetDatastore of an unknown id is a ResourceNotFoundException', async () => {
    await expectServiceError(
      ctx.client.send(new GetDatastoreCommand({ datastoreId: '0'.repeat(32) })),
      'ResourceNotFoundException',
      404,
    );
  });

  it('GetDatastore of a malformed id is a ValidationException', async () => {
    await expectServiceError(
      ctx.client.send(new GetDatastoreCommand({ datastoreId: 'NOT-A-VALID-ID' })),
      'ValidationException',
      400,
    );
  });

  it('ListDatastores with a datastoreStatus outside the model enum is a ValidationException', async () => {
    await expectServiceError(ctx.client.send(new ListDatastoresCommand({ datastoreStatus: 'BOGUS' })), 'ValidationException', 400);
  });

  it('CreateDatastore with a losslessStorageFormat outside the model enum or a malformed kmsKeyArn is a ValidationException', async () => {
    await expectServiceError(
      ctx.client.send(new CreateDatastoreCommand({ datastoreName: 'bad-format', losslessStorageFormat: 'PNG' })),
      'ValidationException', 400);
    await expectServiceError(
      ctx.client.send(new CreateDatastoreCommand({ datastoreName: 'bad-kms', kmsKeyArn: 'not-an-arn' })),
      'ValidationException', 400);
  });

  it('ListDatastores with maxResults out of range is a ValidationException', async () => {
    await expectServiceError(ctx.client.send(new ListDatastoresCommand({ maxResults: 51 })), 'ValidationException', 400);
  });
});
