// SearchImageSets (filters, sort, paging, DICOMTags) and DeleteImageSet through AWS's client.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import {
  SearchImageSetsCommand,
  DeleteImageSetCommand,
  GetImageSetCommand,
  UpdateImageSetMetadataCommand,
  ListImageSetVersionsCommand,
  GetImageSetMetadataCommand,
  paginateSearchImageSets,
} from '@aws-sdk/client-medical-imaging';
import {
  useService,
  expectServiceError,
  createLocalDatastore,
  createLocalImageSet,
  addLocalVersion,
  localPost,
  metadataDocument,
  waitUntilSettled,
  encodeJson,
  uniqueUid,
  waitForClockPast,
} from './helpers.mjs';

describe('SearchImageSets and DeleteImageSet', () => {
  const ctx = useService(['--workflow-delay-ms', '150']);
  let datastoreId;
  // Three studies of two patients on different dates, created in this order.
  const studies = [
    { key: 'a', patientId: 'PAT-SEARCH-1', accessionNumber: 'ACC-S-1', studyDate: '20230301', studyTime: '080000', studyUid: uniqueUid(), seriesUid: uniqueUid() },
    { key: 'b', patientId: 'PAT-SEARCH-2', accessionNumber: 'ACC-S-2', studyDate: '20240615', studyTime: '101500', studyUid: uniqueUid(), seriesUid: uniqueUid() },
    { key: 'c', patientId: 'PAT-SEARCH-1', accessionNumber: 'ACC-S-3', studyDate: '20220110', studyTime: '153000', studyUid: uniqueUid(), seriesUid: uniqueUid() },
  ];
  const ids = {};
  let createdBetween;

  before(async () => {
    datastoreId = await createLocalDatastore(ctx.endpoint, 'search');
    const start = new Date(Date.now() - 1000);
    for (const study of studies) {
      ids[study.key] = await createLocalImageSet(ctx.endpoint, datastoreId, metadataDocument({
        patientId: study.patientId,
        accessionNumber: study.accessionNumber,
        studyDate: study.studyDate,
        studyTime: study.studyTime,
        studyUid: study.studyUid,
        series: [{ uid: study.seriesUid, modality: 'MR', instances: [uniqueUid(), uniqueUid(), uniqueUid()] }],
      }));
      // Distinct createdAt: the next image set is made only once the clock has moved past this one's.
      const { createdAt } = await ctx.client.send(new GetImageSetCommand({ datastoreId, imageSetId: ids[study.key] }));
      await waitForClockPast(createdAt);
    }
    createdBetween = [start, new Date(Date.now() + 1000)];
  });

  const search = (searchCriteria, extra = {}) => ctx.client.send(new SearchImageSetsCommand({ datastoreId, searchCriteria, ...extra }));

  it('filters by DICOMPatientId (EQUAL) and answers DICOMTags', async () => {
    const result = await search({ filters: [{ operator: 'EQUAL', values: [{ DICOMPatientId: 'PAT-SEARCH-2' }] }] });
    assert.equal(result.$metadata.httpStatusCode, 200);
    assert.equal(result.imageSetsMetadataSummaries.length, 1);
    const summary = result.imageSetsMetadataSummaries[0];
    assert.equal(summary.imageSetId, ids.b);
    assert.equal(summary.version, 1);
    assert.ok(summary.createdAt instanceof Date);
    assert.ok(summary.updatedAt instanceof Date);
    const tags = summary.DICOMTags;
    assert.equal(tags.DICOMPatientId, 'PAT-SEARCH-2');
    assert.equal(tags.DICOMAccessionNumber, 'ACC-S-2');
    assert.equal(tags.DICOMStudyInstanceUID, studies[1].studyUid);
    assert.equal(tags.DICOMStudyDate, '20240615');
    assert.equal(tags.DICOMStudyTime, '101500');
    assert.equal(tags.DICOMNumberOfStudyRelatedSeries, 1);
    assert.equal(tags.DICOMNumberOfStudyRelatedInstances, 3);
    assert.equal(tags.DICOMSeriesModality, 'MR');
  });

  it('filters by DICOMAccessionNumber, DICOMStudyInstanceUID and DICOMSeriesInstanceUID', async () => {
    const byAccession = await search({ filters: [{ operator: 'EQUAL', values: [{ DICOMAccessionNumber: 'ACC-S-3' }] }] });
    assert.deepEqual(byAccession.imageSetsMetadataSummaries.map((s) => s.imageSetId), [ids.c]);
    const byStudy = await search({ filters: [{ operator: 'EQUAL', values: [{ DICOMStudyInstanceUID: studies[0].studyUid }] }] });
    assert.deepEqual(byStudy.imageSetsMetadataSummaries.map((s) => s.imageSetId), [ids.a]);
    const bySeries = await search({ filters: [{ operator: 'EQUAL', values: [{ DICOMSeriesInstanceUID: studies[1].seriesUid }] }] });
    assert.deepEqual(bySeries.imageSetsMetadataSummaries.map((s) => s.imageSetId), [ids.b]);
  });

  it('combines two filters and sorts by DICOMStudyDateAndTime', async () => {
    const result = await search({
      filters: [
        { operator: 'EQUAL', values: [{ DICOMPatientId: 'PAT-SEARCH-1' }] },
        { operator: 'BETWEEN', values: [{ createdAt: createdBetween[0] }, { createdAt: createdBetween[1] }] },
      ],
      sort: { sortField: 'DICOMStudyDateAndTime', sortOrder: 'ASC' },
    });
    assert.deepEqual(result.imageSetsMetadataSummaries.map((s) => s.imageSetId), [ids.c, ids.a]);
    assert.deepEqual(result.sort, { sortField: 'DICOMStudyDateAndTime', sortOrder: 'ASC' });

    const descending = await search({
      filters: [{ operator: 'EQUAL', values: [{ DICOMPatientId: 'PAT-SEARCH-1' }] }],
      sort: { sortField: 'DICOMStudyDateAndTime', sortOrder: 'DESC' },
    });
    assert.deepEqual(descending.imageSetsMetadataSummaries.map((s) => s.imageSetId), [ids.a, ids.c]);
  });

  it('filters DICOMStudyDateAndTime with BETWEEN', async () => {
    const result = await search({
      filters: [{
        operator: 'BETWEEN',
        values: [
          { DICOMStudyDateAndTime: { DICOMStudyDate: '20230101', DICOMStudyTime: '000000' } },
          { DICOMStudyDateAndTime: { DICOMStudyDate: '20241231', DICOMStudyTime: '235959' } },
        ],
      }],
      sort: { sortField: 'DICOMStudyDateAndTime', sortOrder: 'ASC' },
    });
    assert.deepEqual(result.imageSetsMetadataSummaries.map((s) => s.imageSetId), [ids.a, ids.b]);
  });

  it('sorts by createdAt and pages with maxResults and nextToken', async () => {
    const ascending = [];
    for await (const page of paginateSearchImageSets({ client: ctx.client, pageSize: 1 }, {
      datastoreId,
      searchCriteria: { sort: { sortField: 'createdAt', sortOrder: 'ASC' } },
    })) {
      assert.ok(page.imageSetsMetadataSummaries.length <= 1);
      ascending.push(...page.imageSetsMetadataSummaries.map((s) => s.imageSetId));
    }
    // Other tests add image sets to this datastore; the three seeded ones must come in creation order.
    assert.deepEqual(ascending.filter((id) => [ids.a, ids.b, ids.c].includes(id)), [ids.a, ids.b, ids.c]);
    assert.equal(new Set(ascending).size, ascending.length, 'no image set on two pages');
  });

  it('sorts by updatedAt, newest first, when no sort is given (the model documentation)', async () => {
    // Its own datastore and image sets: the shared ones are left as the other tests expect them.
    const ownDatastoreId = await createLocalDatastore(ctx.endpoint, 'search-updated-at');
    const made = [];
    for (let i = 0; i < 3; i += 1) {
      const imageSetId = await createLocalImageSet(ctx.endpoint, ownDatastoreId, metadataDocument({ patientId: `PAT-UPDATED-${i}` }));
      const { updatedAt } = await ctx.client.send(new GetImageSetCommand({ datastoreId: ownDatastoreId, imageSetId }));
      await waitForClockPast(updatedAt);
      made.push(imageSetId);
    }
    const [first, second, third] = made;
    await addLocalVersion(ctx.endpoint, ownDatastoreId, second, { workflowStatus: 'UPDATED' });
    const result = await ctx.client.send(new SearchImageSetsCommand({
      datastoreId: ownDatastoreId,
      searchCriteria: { filters: [{ operator: 'BETWEEN', values: [{ createdAt: new Date(0) }, { createdAt: new Date(Date.now() + 60000) }] }] },
    }));
    assert.deepEqual(result.imageSetsMetadataSummaries.map((s) => s.imageSetId), [second, third, first]);
    const summary = result.imageSetsMetadataSummaries.find((s) => s.imageSetId === second);
    assert.equal(summary.version, 2);
    assert.ok(summary.updatedAt > summary.createdAt);
  });

  it('filters by isPrimary and reports isPrimary in the summaries', async () => {
    const { imageSetId: primaryId } = await localPost(ctx.endpoint, `/_local/datastore/${datastoreId}/imageSets?isPrimary=true`,
      metadataDocument({ patientId: 'PAT-PRIMARY-SEARCH' }));
    const primaries = await search({ filters: [{ operator: 'EQUAL', values: [{ isPrimary: true }] }] });
    assert.deepEqual(primaries.imageSetsMetadataSummaries.map((s) => s.imageSetId), [primaryId]);
    assert.equal(primaries.imageSetsMetadataSummaries[0].isPrimary, true);
    const others = await search({ filters: [{ operator: 'EQUAL', values: [{ isPrimary: false }] }] });
    const otherIds = others.imageSetsMetadataSummaries.map((s) => s.imageSetId);
    assert.ok(!otherIds.includes(primaryId));
    for (const key of ['a', 'b', 'c']) assert.ok(otherIds.includes(ids[key]));
  });

  it('an unknown search attribute or operator is a ValidationException; an unknown datastore is a ResourceNotFoundException', async () => {
    await expectServiceError(
      search({ filters: [{ operator: 'BETWEEN', values: [{ DICOMPatientId: 'A' }, { DICOMPatientId: 'B' }] }] }),
      'ValidationException', 400);
    await expectServiceError(
      ctx.client.send(new SearchImageSetsCommand({ datastoreId: '9'.repeat(32), searchCriteria: {} })),
      'ResourceNotFoundException', 404);
  });

  it('DeleteImageSet answers LOCKED/DELETING, then the image set is DELETED, out of search, and refuses writes', async () => {
    const imageSetId = await createLocalImageSet(ctx.endpoint, datastoreId, metadataDocument({ patientId: 'PAT-DELETE' }));
    const response = await ctx.client.send(new DeleteImageSetCommand({ datastoreId, imageSetId }));
    assert.equal(response.$metadata.httpStatusCode, 200);
    assert.equal(response.datastoreId, datastoreId);
    assert.equal(response.imageSetId, imageSetId);
    assert.equal(response.imageSetState, 'LOCKED');
    assert.equal(response.imageSetWorkflowStatus, 'DELETING');

    const settled = await waitUntilSettled(ctx.client, datastoreId, imageSetId);
    assert.equal(settled.imageSetState, 'DELETED');
    assert.equal(settled.imageSetWorkflowStatus, 'DELETED');
    assert.ok(settled.deletedAt instanceof Date, 'deletedAt set');

    const { imageSetPropertiesList } = await ctx.client.send(new ListImageSetVersionsCommand({ datastoreId, imageSetId }));
    assert.deepEqual(imageSetPropertiesList.map((p) => [p.versionId, p.imageSetState]), [['1', 'DELETED']]);
    await expectServiceError(ctx.client.send(new GetImageSetMetadataCommand({ datastoreId, imageSetId })), 'ResourceNotFoundException', 404);

    const found = await search({ filters: [{ operator: 'EQUAL', values: [{ DICOMPatientId: 'PAT-DELETE' }] }] });
    assert.equal(found.imageSetsMetadataSummaries.length, 0);

    await expectServiceError(ctx.client.send(new UpdateImageSetMetadataCommand({
      datastoreId,
      imageSetId,
      latestVersionId: '1',
      updateImageSetMetadataUpdates: { DICOMUpdates: { updatableAttributes: encodeJson({ SchemaVersion: 1.1, Patient: { DICOM: { PatientName: 'A^B' } } }) } },
    })), 'ConflictException', 409);
  });

  it('DeleteImageSet of an unknown image set is a ResourceNotFoundException', async () => {
    await expectServiceError(
      ctx.client.send(new DeleteImageSetCommand({ datastoreId, imageSetId: '8'.repeat(32) })),
      'ResourceNotFoundException', 404);
  });

});

describe('DeleteImageSet while the image set is LOCKED', () => {
  // A workflow that does not end during the test: the second delete meets the first one's lock whatever the machine's speed.
  const ctx = useService(['--workflow-delay-ms', '600000']);

  it('DeleteImageSet of a LOCKED image set is a ConflictException', async () => {
    const datastoreId = await createLocalDatastore(ctx.endpoint, 'delete-locked');
    const imageSetId = await createLocalImageSet(ctx.endpoint, datastoreId, metadataDocument({ patientId: 'PAT-DELETE-2' }));
    const first = await ctx.client.send(new DeleteImageSetCommand({ datastoreId, imageSetId }));
    assert.equal(first.imageSetState, 'LOCKED');
    await expectServiceError(ctx.client.send(new DeleteImageSetCommand({ datastoreId, imageSetId })), 'ConflictException', 409);
    // The refused second delete changed nothing: the first one is still under way (its end is the test above).
    const during = await ctx.client.send(new GetImageSetCommand({ datastoreId, imageSetId }));
    assert.equal(during.imageSetState, 'LOCKED');
    assert.equal(during.imageSetWorkflowStatus, 'DELETING');
  });
});
