// SigV4 as AWS's JavaScript client signs it: accepted with the right key pair; otherwise 403 with the code AWS's
// restJson1 services give each failure, which the SDK's clock-skew correction relies on.
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

  it('answers InvalidSignatureException (403) for a wrong secret key', async () => {
    const client = createClient(ctx.endpoint, { secretAccessKey: `${SECRET_KEY}-wrong` });
    try {
      const error = await expectServiceError(client.send(new GetImageSetCommand({ datastoreId, imageSetId })), 'InvalidSignatureException', 403);
      assert.match(error.message, /^The request signature we calculated does not match the signature you provided\./);
      await expectServiceError(client.send(new ListDatastoresCommand({})), 'InvalidSignatureException', 403);
    } finally {
      client.destroy();
    }
  });

  it('answers UnrecognizedClientException (403) for an unknown access key', async () => {
    const client = createClient(ctx.endpoint, { accessKeyId: 'AKIAUNKNOWNUNKNOWN00' });
    try {
      const error = await expectServiceError(client.send(new GetImageSetCommand({ datastoreId, imageSetId })), 'UnrecognizedClientException', 403);
      assert.equal(error.message, 'The security token included in the request is invalid.');
    } finally {
      client.destroy();
    }
  });

  it('answers 403 MissingAuthenticationTokenException to an unsigned request', async () => {
    const response = await fetch(new URL(`/datastore/${datastoreId}/imageSet/${imageSetId}/getImageSet`, ctx.endpoint), { method: 'POST' });
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');
    assert.deepEqual(await response.json(), { message: 'Missing Authentication Token' });
    assert.ok(response.headers.get('date'), 'every answer carries a Date header');
  });

  it('answers 403 IncompleteSignatureException to a malformed Authorization header', async () => {
    const response = await fetch(new URL('/datastore', ctx.endpoint), {
      headers: { authorization: `AWS4-HMAC-SHA256 Credential=${ACCESS_KEY}/20261204/us-east-1/medical-imaging/aws4_request` },
    });
    assert.equal(response.status, 403);
    assert.equal(response.headers.get('x-amzn-errortype'), 'IncompleteSignatureException');
    assert.match((await response.json()).message, /^Authorization header requires 'Credential' parameter\./);
  });

  it('answers InvalidSignatureException "Signature expired" to a client clock 20 minutes slow, and "not yet current" to one 20 minutes fast', async () => {
    for (const [offsetMinutes, message] of [[-20, /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 5 min\.\)$/],
      [20, /^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 5 min\.\)$/]]) {
      const client = createClient(ctx.endpoint, { systemClockOffset: offsetMinutes * 60 * 1000 });
      try {
        const error = await expectServiceError(client.send(new ListDatastoresCommand({})), 'InvalidSignatureException', 403);
        assert.match(error.message, message);
      } finally {
        client.destroy();
      }
    }
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
      await expectServiceError(defaults.send(new ListDatastoresCommand({})), 'UnrecognizedClientException', 403);
    } finally {
      custom.destroy();
      defaults.destroy();
    }
  });
});

describe('A service clock 20 minutes ahead (--clock-skew-seconds 1200)', () => {
  let service;
  before(async () => {
    service = await startService(['--clock-skew-seconds', '1200']);
  });
  after(async () => {
    await service?.stop();
  });

  it('dates its answers by its own clock', async () => {
    const response = await fetch(new URL('/_local/health', service.endpoint));
    const ahead = Date.parse(response.headers.get('date')) - Date.now();
    assert.ok(ahead > 19 * 60 * 1000 && ahead < 21 * 60 * 1000, `Date header ${ahead} ms ahead`);
  });

  it("is one that AWS's JavaScript client corrects for by the Date header, and keeps the correction", async () => {
    // The correction is a retry: the first answer is InvalidSignatureException with the service's Date.
    const client = createClient(service.endpoint, { maxAttempts: 3 });
    try {
      const first = await client.send(new ListDatastoresCommand({}));
      assert.equal(first.$metadata.httpStatusCode, 200);
      assert.equal(first.$metadata.attempts, 2, 'one refused attempt, then the corrected one');
      const offset = client.config.systemClockOffset;
      assert.ok(offset > 19 * 60 * 1000 && offset < 21 * 60 * 1000, `systemClockOffset ${offset} ms`);
      const second = await client.send(new ListDatastoresCommand({}));
      assert.equal(second.$metadata.attempts, 1, 'the corrected clock is kept');
    } finally {
      client.destroy();
    }
  });
});
