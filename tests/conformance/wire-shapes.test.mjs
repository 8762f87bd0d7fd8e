// Every raw answer of a scenario that calls each implemented operation (successes and errors) is checked against the
// API model: the output shape's member names, required members, types, enums, patterns and lengths; for errors the
// x-amzn-ErrorType name, whether the model lists it for the operation, its status code, and the error shape.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateDatastoreCommand,
  GetDatastoreCommand,
  ListDatastoresCommand,
  DeleteDatastoreCommand,
  GetImageSetCommand,
  ListImageSetVersionsCommand,
  GetImageSetMetadataCommand,
  UpdateImageSetMetadataCommand,
  CopyImageSetCommand,
  SearchImageSetsCommand,
  DeleteImageSetCommand,
} from '@aws-sdk/client-medical-imaging';
import {
  useService,
  createClient,
  recordExchanges,
  createLocalDatastore,
  createLocalImageSet,
  metadataDocument,
  readMetadata,
  settleNow,
  encodeJson,
  uniqueUid,
  SECRET_KEY,
} from './helpers.mjs';
import { exchangeProblems } from './model-shapes.mjs';

describe('raw responses match the API model', () => {
  // A workflow that ends only when a test settles it: every LOCKED state is seen whatever the machine's speed.
  const ctx = useService(['--workflow-delay-ms', '600000']);
  let exchanges;

  /** Runs `call`, ignoring the error the scenario provokes on purpose (its raw answer is what is checked). */
  const attempt = (promise) => promise.catch((error) => {
    if (!error.$metadata?.httpStatusCode) throw error;
  });

  before(async () => {
    const client = createClient(ctx.endpoint);
    exchanges = recordExchanges(client);
    const wrongSecret = createClient(ctx.endpoint, { secretAccessKey: `${SECRET_KEY}x` });
    const wrongSecretExchanges = recordExchanges(wrongSecret);
    const send = (command) => client.send(command);
    try {
      // Datastores.
      const { datastoreId } = await send(new CreateDatastoreCommand({ datastoreName: 'wire-shapes' }));
      await send(new GetDatastoreCommand({ datastoreId }));
      const firstPage = await send(new ListDatastoresCommand({ maxResults: 1 }));
      await send(new ListDatastoresCommand({ maxResults: 1, nextToken: firstPage.nextToken }));
      const { datastoreId: emptyDatastoreId } = await send(new CreateDatastoreCommand({ datastoreName: 'wire-shapes-empty' }));
      await send(new DeleteDatastoreCommand({ datastoreId: emptyDatastoreId }));
      await attempt(send(new GetDatastoreCommand({ datastoreId: 'a'.repeat(32) })));
      await attempt(send(new ListDatastoresCommand({ maxResults: 51 })));
      await attempt(send(new DeleteDatastoreCommand({ datastoreId: 'a'.repeat(32) })));

      // Image sets seeded in that datastore.
      const seriesUid = uniqueUid();
      const sopUids = [uniqueUid(), uniqueUid()];
      const studyUid = uniqueUid();
      const imageSetId = await createLocalImageSet(ctx.endpoint, datastoreId, metadataDocument({ studyUid, series: [{ uid: seriesUid, instances: sopUids }] }));
      const otherPatient = await createLocalImageSet(ctx.endpoint, datastoreId, metadataDocument({ patientId: 'PAT-OTHER' }));
      await attempt(send(new DeleteDatastoreCommand({ datastoreId })));

      const updates = (document) => ({ DICOMUpdates: { updatableAttributes: encodeJson(document) } });
      await send(new UpdateImageSetMetadataCommand({
        datastoreId, imageSetId, latestVersionId: '1', updateImageSetMetadataUpdates: updates({ SchemaVersion: 1.1, Patient: { DICOM: { PatientName: 'WIRE^SHAPES' } } }),
      }));
      await attempt(send(new UpdateImageSetMetadataCommand({
        datastoreId, imageSetId, latestVersionId: '2', updateImageSetMetadataUpdates: updates({ SchemaVersion: 1.1, Patient: { DICOM: { PatientName: 'LOCKED^WRITE' } } }),
      })));
      await settleNow(ctx.endpoint, client, datastoreId, imageSetId);
      // Ends UPDATE_FAILED with a message (a series the image set lacks).
      await send(new UpdateImageSetMetadataCommand({
        datastoreId, imageSetId, latestVersionId: '2',
        updateImageSetMetadataUpdates: updates({ SchemaVersion: 1.1, Study: { Series: { [uniqueUid()]: { DICOM: { SeriesDescription: 'X' } } } } }),
      }));
      await settleNow(ctx.endpoint, client, datastoreId, imageSetId);
      await send(new UpdateImageSetMetadataCommand({
        datastoreId, imageSetId, latestVersionId: '3', force: true,
        updateImageSetMetadataUpdates: { DICOMUpdates: { removableAttributes: encodeJson({ SchemaVersion: 1.1, Study: { Series: { [seriesUid]: { Instances: { [sopUids[1]]: {} } } } } }) } },
      }));
      await settleNow(ctx.endpoint, client, datastoreId, imageSetId);
      await send(new UpdateImageSetMetadataCommand({ datastoreId, imageSetId, latestVersionId: '4', updateImageSetMetadataUpdates: { revertToVersionId: '1' } }));
      await settleNow(ctx.endpoint, client, datastoreId, imageSetId);
      await attempt(send(new UpdateImageSetMetadataCommand({ datastoreId, imageSetId, latestVersionId: '1', updateImageSetMetadataUpdates: { revertToVersionId: '2' } })));
      await attempt(send(new UpdateImageSetMetadataCommand({
        datastoreId, imageSetId, latestVersionId: '5', updateImageSetMetadataUpdates: updates({ SchemaVersion: 1.1, Study: { DICOM: { StudyInstanceUID: uniqueUid() } } }),
      })));
      await attempt(send(new UpdateImageSetMetadataCommand({
        datastoreId, imageSetId: 'b'.repeat(32), latestVersionId: '1', updateImageSetMetadataUpdates: { revertToVersionId: '1' },
      })));

      for (const versionId of [undefined, '1', '3']) await send(new GetImageSetCommand({ datastoreId, imageSetId, versionId }));
      await attempt(send(new GetImageSetCommand({ datastoreId, imageSetId, versionId: '99' })));
      await attempt(send(new GetImageSetCommand({ datastoreId, imageSetId: 'NOT-AN-ID' })));
      const versions = await send(new ListImageSetVersionsCommand({ datastoreId, imageSetId, maxResults: 2 }));
      await send(new ListImageSetVersionsCommand({ datastoreId, imageSetId, maxResults: 2, nextToken: versions.nextToken }));
      await attempt(send(new ListImageSetVersionsCommand({ datastoreId, imageSetId, maxResults: 0 })));
      await readMetadata(client, datastoreId, imageSetId);
      await attempt(send(new GetImageSetMetadataCommand({ datastoreId, imageSetId, versionId: '99' })));

      // Copies: to a new image set, then into a destination of another patient (COPY_FAILED with a message).
      const copied = await send(new CopyImageSetCommand({
        datastoreId, sourceImageSetId: imageSetId, copyImageSetInformation: { sourceImageSet: { latestVersionId: '5' } },
      }));
      await attempt(send(new CopyImageSetCommand({
        datastoreId, sourceImageSetId: imageSetId, copyImageSetInformation: { sourceImageSet: { latestVersionId: '5' } },
      })));
      await settleNow(ctx.endpoint, client, datastoreId, copied.destinationImageSetProperties.imageSetId);
      await settleNow(ctx.endpoint, client, datastoreId, imageSetId);
      await send(new CopyImageSetCommand({
        datastoreId,
        sourceImageSetId: imageSetId,
        copyImageSetInformation: { sourceImageSet: { latestVersionId: '5' }, destinationImageSet: { imageSetId: otherPatient, latestVersionId: '1' } },
      }));
      await settleNow(ctx.endpoint, client, datastoreId, otherPatient);
      await settleNow(ctx.endpoint, client, datastoreId, imageSetId);
      await send(new GetImageSetCommand({ datastoreId, imageSetId: otherPatient }));
      await send(new ListImageSetVersionsCommand({ datastoreId, imageSetId: otherPatient }));
      await attempt(send(new CopyImageSetCommand({
        datastoreId, sourceImageSetId: imageSetId, copyImageSetInformation: { sourceImageSet: { latestVersionId: '1' } },
      })));
      await attempt(send(new CopyImageSetCommand({
        datastoreId, sourceImageSetId: 'c'.repeat(32), copyImageSetInformation: { sourceImageSet: { latestVersionId: '1' } },
      })));

      // Search.
      await send(new SearchImageSetsCommand({ datastoreId, searchCriteria: {} }));
      await send(new SearchImageSetsCommand({
        datastoreId,
        maxResults: 1,
        searchCriteria: {
          filters: [{ operator: 'EQUAL', values: [{ DICOMPatientId: 'PAT-CONF-1' }] }],
          sort: { sortField: 'updatedAt', sortOrder: 'DESC' },
        },
      }));
      await attempt(send(new SearchImageSetsCommand({ datastoreId, searchCriteria: { filters: [{ operator: 'BETWEEN', values: [{ DICOMPatientId: 'X' }] }] } })));
      await attempt(send(new SearchImageSetsCommand({ datastoreId: 'd'.repeat(32), searchCriteria: {} })));

      // Delete.
      const doomed = await createLocalImageSet(ctx.endpoint, datastoreId, metadataDocument());
      await send(new DeleteImageSetCommand({ datastoreId, imageSetId: doomed }));
      await attempt(send(new DeleteImageSetCommand({ datastoreId, imageSetId: doomed })));
      await settleNow(ctx.endpoint, client, datastoreId, doomed);
      await send(new GetImageSetCommand({ datastoreId, imageSetId: doomed }));
      await attempt(send(new DeleteImageSetCommand({ datastoreId, imageSetId: 'e'.repeat(32) })));

      // Authentication failures.
      await attempt(wrongSecret.send(new GetImageSetCommand({ datastoreId, imageSetId })));
      await attempt(wrongSecret.send(new ListDatastoresCommand({})));
      exchanges.push(...wrongSecretExchanges);
    } finally {
      client.destroy();
      wrongSecret.destroy();
    }
  });

  function checkOperation(operation, { minimumErrors = 1 } = {}) {
    const recorded = exchanges.filter((e) => e.operation === operation);
    assert.ok(recorded.some((e) => e.statusCode === 200), `${operation} answered at least once with 200`);
    assert.ok(recorded.filter((e) => e.statusCode !== 200).length >= minimumErrors, `${operation} answered at least ${minimumErrors} error(s)`);
    const problems = recorded.flatMap(exchangeProblems);
    assert.deepEqual(problems, [], `${operation} responses deviate from the model`);
  }

  for (const operation of [
    'CreateDatastore', 'GetDatastore', 'ListDatastores', 'DeleteDatastore', 'GetImageSet', 'ListImageSetVersions',
    'GetImageSetMetadata', 'UpdateImageSetMetadata', 'CopyImageSet', 'SearchImageSets', 'DeleteImageSet',
  ]) {
    it(`${operation}`, () => checkOperation(operation, { minimumErrors: operation === 'CreateDatastore' ? 0 : 1 }));
  }
});
