// SigV4 as AWS's JavaScript client signs it: accepted with the right key pair, AccessDeniedException (403) otherwise.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { MedicalImagingClient, GetImageSetCommand, ListDatastoresCommand, ListImageSetVersionsCommand } from '@aws-sdk/client-medical-imaging';
import {
  useService,
  startService,
  createClient,
  expectServiceError,
  createLocalDatastore,
  createLocalImageSet,
  metadataDocument,
  ACCESS_KEY,
  SECRET_KEY,
} from './helpers.mjs';

describe('SigV4 signing', () => {
  const ctx = useService();
  let datastoreId;
  let imageSetId;

  before(async () => {
    datastoreId = await createLocalDatastore(ctx.endpoint, 'signing');
    imageSetId = await createLocalImageSet(ctx.endpoint, datastoreId, metadataDocument());
  });

  it('accepts the default key pair on control-plane (GET) and data-plane (POST with query) operations', async () => {
    const list = await ctx.client.send(new ListDatastoresCommand({ maxResults: 5 }));
    assert.equal(list.$metadata.httpStatusCode, 200);
    const versions = await ctx.client.send(new ListImageSetVersionsCommand({ datastoreId, imageSetId, maxResults: 1 }));
    assert.equal(versions.imageSetPropertiesList[0].versionId, '1');
  });

  it('accepts a request signed for another region', async () => {
    const client = createClient(ctx.endpoint, { region: 'eu-west-1' });
    try {
      const imageSet = await client.send(new GetImageSetCommand({ datastoreId, imageSetId }));
      assert.equal(imageSet.imageSetId, imageSetId);
    } finally {
      client.destroy();
    }
  });

  it('accepts a session token (x-amz-security-token) alongside a configured key', async () => {
    const client = new MedicalImagingClient({
      region: 'us-east-1',
      endpoint: ctx.endpoint,
      credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY, sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN' },
      disableHostPrefix: true,
      maxAttempts: 1,
    });
    try {
      const imageSet = await client.send(new GetImageSetCommand({ datastoreId, imageSetId }));
      assert.equal(imageSet.imageSetId, imageSetId);
    } finally {
      client.destroy();
    }
  });

  it('answers AccessDeniedException (403) for a wrong secret key', async () => {
    const client = createClient(ctx.endpoint, { secretAccessKey: `${SECRET_KEY}-wrong` });
    try {
      await expectServiceError(client.send(new GetImageSetCommand({ datastoreId, imageSetId })), 'AccessDeniedException', 403);
      await expectServiceError(client.send(new ListDatastoresCommand({})), 'AccessDeniedException', 403);
    } finally {
      client.destroy();
    }
  });

  it('answers AccessDeniedException (403) for an unknown access key', async () => {
    const client = createClient(ctx.endpoint, { accessKeyId: 'AKIAUNKNOWNUNKNOWN00' });
    try {
      await expectServiceError(client.send(new GetImageSetCommand({ datastoreId, imageSetId })), 'AccessDeniedException', 403);
    } finally {
      client.destroy();
    }
  });

  it('answers 403 with x-amzn-ErrorType AccessDeniedException to an unsigned request', async () => {
    const response = await fetch(new URL(`/datastore/${datastoreId}/imageSet/${imageSetId}/getImageSet`, ctx.endpoint), { method: 'POST' });
    assert.equal(response.status, 403);
    assert.match(response.headers.get('x-amzn-errortype') ?? '', /^AccessDeniedException/);
    const body = await response.json();
    assert.equal(typeof body.message, 'string');
  });
});

describe('SigV4 with --credentials', () => {
  let service;
  before(async () => {
    service = await startService(['--credentials', 'AKIACONFORMANCE00001:conformance-secret']);
  });
  after(async () => {
    await service?.stop();
  });

  it('accepts the configured pair and refuses the default one', async () => {
    const custom = createClient(service.endpoint, { accessKeyId: 'AKIACONFORMANCE00001', secretAccessKey: 'conformance-secret' });
    const defaults = createClient(service.endpoint, { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY });
    try {
      const list = await custom.send(new ListDatastoresCommand({}));
      assert.ok(Array.isArray(list.datastoreSummaries));
      await expectServiceError(defaults.send(new ListDatastoresCommand({})), 'AccessDeniedException', 403);
    } finally {
      custom.destroy();
      defaults.destroy();
    }
  });
});
