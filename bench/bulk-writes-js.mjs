// The same bulk job as the module's, done with AWS's JavaScript v3 client: a pool of writers, adaptive retries.
// Run by Measure-BulkUpdates.ps1; needs `npm ci` in tests/conformance (which installs @aws-sdk/client-medical-imaging).
// Usage: node bench/bulk-writes-js.mjs <job.json>   job: {endpoint, datastoreId, job: update|copy|remove,
//        idsFile, writers, copiableAttributes}   Prints one JSON line: {seconds, written, errors, attempts, firstError}.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '..', 'tests', 'conformance', 'package.json'));
const {
  MedicalImagingClient, GetImageSetCommand, UpdateImageSetMetadataCommand, CopyImageSetCommand, DeleteImageSetCommand,
} = require('@aws-sdk/client-medical-imaging');

const job = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const ids = readFileSync(job.idsFile, 'utf8').split(/\r?\n/).filter(Boolean);
const client = new MedicalImagingClient({
  endpoint: job.endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'AKIALOCALAHITOOLS000', secretAccessKey: 'ahitools-local-secret-key-0000000000000' },
  retryMode: 'adaptive',
  maxAttempts: 6, // as many as the module's default (the SDK's is 3)
  disableHostPrefix: true, // the local service has one host for both endpoints
});

const encode = (value) => new TextEncoder().encode(JSON.stringify(value));
let attempts = 0;
const send = async (command) => {
  const answer = await client.send(command);
  attempts += answer.$metadata.attempts ?? 1;
  return answer;
};

async function one(imageSetId) {
  const { datastoreId } = job;
  if (job.job === 'remove') {
    await send(new DeleteImageSetCommand({ datastoreId, imageSetId }));
    return;
  }
  const { versionId } = await send(new GetImageSetCommand({ datastoreId, imageSetId }));
  if (job.job === 'update') {
    await send(new UpdateImageSetMetadataCommand({
      datastoreId,
      imageSetId,
      latestVersionId: versionId,
      updateImageSetMetadataUpdates: { DICOMUpdates: { updatableAttributes: encode({ SchemaVersion: '1.1', Study: { DICOM: { StudyDescription: 'CHEST CT' } } }) } },
    }));
  } else {
    await send(new CopyImageSetCommand({
      datastoreId,
      sourceImageSetId: imageSetId,
      copyImageSetInformation: { sourceImageSet: { latestVersionId: versionId, DICOMCopies: { copiableAttributes: job.copiableAttributes } } },
    }));
  }
}

const started = process.hrtime.bigint();
let next = 0;
let written = 0;
const errors = [];
await Promise.all(Array.from({ length: job.writers }, async () => {
  while (next < ids.length) {
    const id = ids[next];
    next += 1;
    try {
      await one(id);
      written += 1;
    } catch (error) {
      errors.push(`${error.name}: ${error.message}`);
    }
  }
}));
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
client.destroy();
console.log(JSON.stringify({ seconds, written, errors: errors.length, attempts, firstError: errors[0] ?? null }));
