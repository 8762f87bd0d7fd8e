// Shared plumbing for the conformance suite: start and stop the local service, build AWS's client against it,
// seed data through the unsigned /_local routes, and wait for the asynchronous workflow.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import { MedicalImagingClient, GetImageSetCommand, GetImageSetMetadataCommand } from '@aws-sdk/client-medical-imaging';

const here = dirname(fileURLToPath(import.meta.url));

export const ACCESS_KEY = 'AKIALOCALAHITOOLS000';
export const SECRET_KEY = 'ahitools-local-secret-key-0000000000000';

export function serviceDll() {
  return process.env.AHITOOLS_LOCALSERVICE_DLL || resolve(here, '../../out/LocalService/AhiTools.LocalService.dll');
}

const LISTENING = /AhiTools\.LocalService listening on (http:\/\/127\.0\.0\.1:\d+)/;
const running = new Set();

// A test file that crashes must not leave a service behind.
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts `dotnet <dll> --port 0 ...args` and resolves once it prints its listening line.
 * Returns { endpoint, stop, output } where output() gives what the service wrote so far (for failure messages).
 */
export async function startService(args = [], { startTimeoutMs = 60000 } = {}) {
  const dll = serviceDll();
  if (!existsSync(dll)) {
    throw new Error(`Local service not found at ${dll}; build it (dotnet pwsh ./build.ps1 -Task Build) or set AHITOOLS_LOCALSERVICE_DLL.`);
  }
  const child = spawn('dotnet', [dll, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => { stderr += chunk; });

  const endpoint = await new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => fail(new Error(`The service did not report its port within ${startTimeoutMs} ms.`)), startTimeoutMs);
    function fail(error) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      stdout += chunk;
      const match = LISTENING.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolvePromise(match[1]);
      }
    });
    child.once('exit', (code, signal) => fail(new Error(`The service exited (code ${code}, signal ${signal}) before listening.`)));
    child.once('error', fail);
  });

  async function stop() {
    if (child.exitCode !== null || child.signalCode !== null) {
      running.delete(child);
      return;
    }
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    running.delete(child);
  }

  return { endpoint, stop, output: () => ({ stdout, stderr }) };
}

export function createClient(endpoint, { accessKeyId = ACCESS_KEY, secretAccessKey = SECRET_KEY, maxAttempts = 1, region = 'us-east-1', ...options } = {}) {
  return new MedicalImagingClient({
    ...options,
    region,
    endpoint,
    credentials: { accessKeyId, secretAccessKey },
    // With a custom endpoint the JS client would otherwise prepend "runtime-" to the host for data-plane operations.
    disableHostPrefix: true,
    // One attempt: a conformance test must see the service's first answer, not the SDK's retry of it.
    maxAttempts,
  });
}

/**
 * Records every raw HTTP answer `client` receives as { operation, statusCode, headers, body } into the returned array.
 * The middleware sits inside the deserializer, buffers the body and hands the SDK an equivalent stream.
 */
export function recordExchanges(client) {
  const exchanges = [];
  client.middlewareStack.add((next, context) => async (args) => {
    const result = await next(args);
    const response = result.response;
    const chunks = [];
    if (response.body) for await (const chunk of response.body) chunks.push(Buffer.from(chunk));
    const body = Buffer.concat(chunks);
    response.body = Readable.from([body]);
    exchanges.push({
      operation: context.commandName.replace(/Command$/, ''),
      statusCode: response.statusCode,
      headers: { ...response.headers },
      body,
    });
    return result;
  }, { step: 'deserialize', priority: 'low', name: 'conformanceExchangeRecorder' });
  return exchanges;
}

/** POST to an unsigned /_local route and return the parsed JSON answer. */
export async function localPost(endpoint, path, body = {}) {
  const response = await fetch(new URL(path, endpoint), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

export async function createLocalDatastore(endpoint, name = 'conformance') {
  const { datastoreId } = await localPost(endpoint, '/_local/datastores', { datastoreName: name });
  return datastoreId;
}

/** Adds an image set whose version 1 is `document`; returns its id. */
export async function createLocalImageSet(endpoint, datastoreId, document) {
  const { imageSetId } = await localPost(endpoint, `/_local/datastore/${datastoreId}/imageSets`, document);
  return imageSetId;
}

/** Appends a settled version (copy of the latest, or `body` as documented by the service) and returns its version id. */
export async function addLocalVersion(endpoint, datastoreId, imageSetId, body = {}) {
  const { versionId } = await localPost(endpoint, `/_local/datastore/${datastoreId}/imageSet/${imageSetId}/versions`, body);
  return versionId;
}

let uidCounter = 0;
/** A DICOM UID unique within this process. */
export function uniqueUid() {
  uidCounter += 1;
  return `1.2.826.0.1.3680043.8.498.${process.pid}.${Date.now() % 1e9}.${uidCounter}`;
}

/**
 * A realistic metadata document: one patient, one study, the given series, each with the given instances.
 * series: [{ uid, modality, instances: [sopUid, ...] }]
 */
export function metadataDocument({
  patientId = 'PAT-CONF-1',
  patientName = 'CONFORMANCE^TEST',
  studyUid = uniqueUid(),
  studyId = '1',
  accessionNumber = 'ACC-CONF-1',
  studyDate = '20240115',
  studyTime = '093000',
  studyDescription = 'CT CHEST',
  series = [{ uid: uniqueUid(), modality: 'CT', instances: [uniqueUid(), uniqueUid()] }],
} = {}) {
  const seriesMap = {};
  series.forEach((s, seriesIndex) => {
    const instances = {};
    s.instances.forEach((sop, instanceIndex) => {
      instances[sop] = {
        DICOM: {
          SOPInstanceUID: sop,
          SOPClassUID: '1.2.840.10008.5.1.4.1.1.2',
          InstanceNumber: instanceIndex + 1,
          Rows: 512,
          Columns: 512,
        },
        DICOMVRs: {},
        StoredTransferSyntaxUID: '1.2.840.10008.1.2.4.202',
        ImageFrames: [{ ID: frameId(sop), FrameSizeInBytes: 262144 }],
      };
    });
    seriesMap[s.uid] = {
      DICOM: { SeriesInstanceUID: s.uid, Modality: s.modality ?? 'CT', SeriesNumber: seriesIndex + 1 },
      Instances: instances,
    };
  });
  return {
    SchemaVersion: '1.1',
    Patient: { DICOM: { PatientName: patientName, PatientID: patientId, PatientBirthDate: '19700101', PatientSex: 'F' } },
    Study: {
      DICOM: {
        StudyInstanceUID: studyUid,
        StudyDate: studyDate,
        StudyTime: studyTime,
        AccessionNumber: accessionNumber,
        StudyDescription: studyDescription,
        StudyID: studyId,
      },
      Series: seriesMap,
    },
  };
}

function frameId(sop) {
  let hash = 0n;
  for (const ch of sop) hash = (hash * 131n + BigInt(ch.charCodeAt(0))) % (1n << 128n);
  return hash.toString(16).padStart(32, '0').slice(-32);
}

export const encodeJson = (value) => new TextEncoder().encode(JSON.stringify(value));

/** Polls GetImageSet until the image set is no longer LOCKED (the API has no waiters). */
export async function waitUntilSettled(client, datastoreId, imageSetId, { timeoutMs = 15000, intervalMs = 50 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const imageSet = await client.send(new GetImageSetCommand({ datastoreId, imageSetId }));
    if (imageSet.imageSetState !== 'LOCKED') return imageSet;
    if (Date.now() > deadline) throw new Error(`Image set ${imageSetId} still LOCKED after ${timeoutMs} ms.`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Waits until the wall clock (the service's too: it runs on this machine) has moved past `date`, so that whatever the
 * service stamps next is strictly later. Timestamps carry milliseconds; this replaces "sleep 20 ms and hope".
 */
export async function waitForClockPast(date, { timeoutMs = 30000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() <= date.getTime()) {
    if (Date.now() > deadline) throw new Error(`The clock did not move past ${date.toISOString()}.`);
    await new Promise((r) => setImmediate(r));
  }
}

/** GetImageSetMetadata, checking it is gzip, and returning { response, document }. */
export async function readMetadata(client, datastoreId, imageSetId, versionId) {
  const response = await client.send(new GetImageSetMetadataCommand({ datastoreId, imageSetId, versionId }));
  assert.equal(response.contentEncoding, 'gzip');
  const bytes = await response.imageSetMetadataBlob.transformToByteArray();
  const document = JSON.parse(gunzipSync(bytes).toString('utf8'));
  return { response, document };
}

/**
 * Finishes the image set's pending writes now (the service's /_local/.../settle route), then reads it until it is no
 * longer LOCKED. With a workflow delay longer than any test, LOCKED stays observable until a test settles it, whatever
 * the machine's speed.
 */
export async function settleNow(endpoint, client, datastoreId, imageSetId) {
  await localPost(endpoint, `/_local/datastore/${datastoreId}/imageSet/${imageSetId}/settle`);
  return waitUntilSettled(client, datastoreId, imageSetId);
}

/** Awaits `promise`, expecting the SDK to throw the named modeled exception with the given HTTP status. */
export async function expectServiceError(promise, name, statusCode) {
  let error;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  assert.ok(error, `expected ${name} but the call succeeded`);
  assert.equal(error.name, name, `expected ${name}, got ${error.name}: ${error.message}`);
  assert.equal(error.$metadata?.httpStatusCode, statusCode, `expected HTTP ${statusCode} for ${name}`);
  assert.equal(error.$fault, statusCode >= 500 ? 'server' : 'client');
  assert.ok(error.$metadata.requestId, 'x-amzn-RequestId read back as $metadata.requestId');
  assert.ok(typeof error.message === 'string' && error.message.length > 0 && error.message !== 'UnknownError',
    `the service's message is read back, got ${JSON.stringify(error.message)}`);
  return error;
}

/**
 * Starts a service for the enclosing suite and stops it in `after`. Call it inside the file's single top-level
 * describe: Node 20 runs root-level before hooks concurrently, so seeding hooks there could run before the start.
 */
export function useService(args = []) {
  const context = { service: null, client: null, endpoint: null };
  before(async () => {
    context.service = await startService(args);
    context.endpoint = context.service.endpoint;
    context.client = createClient(context.service.endpoint);
  });
  after(async () => {
    context.client?.destroy();
    await context.service?.stop();
  });
  return context;
}
