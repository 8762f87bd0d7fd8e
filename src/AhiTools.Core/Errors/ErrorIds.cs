namespace AhiTools.Errors
{
    /// <summary>
    /// Every ErrorId AhiTools gives its errors, each documented in about_AhiTools (ERROR IDS; ErrorIds.Tests.ps1 reads
    /// this class and checks that the two agree). Service errors keep the service's own error code as their ErrorId,
    /// network failures the name of the exception; the module's script raises the two load errors before any
    /// assembly is loaded.
    /// </summary>
    internal static class ErrorIds
    {
        // Input refused before anything is sent
        // PowerShell's own binding errors, raised as PowerShell raises them where the module binds by itself.
        public const string MissingMandatoryParameter = nameof(MissingMandatoryParameter);
        public const string ParameterArgumentValidationError = nameof(ParameterArgumentValidationError);
        public const string PositionalParameterNotFound = nameof(PositionalParameterNotFound);
        public const string AttributeNotFound = nameof(AttributeNotFound);
        public const string AttributeNotUpdatable = nameof(AttributeNotUpdatable);
        public const string DestinationVersionWithoutDestination = nameof(DestinationVersionWithoutDestination);
        public const string DocumentFileNotFound = nameof(DocumentFileNotFound);
        public const string DocumentFileUnreadable = nameof(DocumentFileUnreadable);
        public const string DocumentTooLarge = nameof(DocumentTooLarge);
        public const string DuplicateJsonKey = nameof(DuplicateJsonKey);
        public const string ForceRequired = nameof(ForceRequired);
        public const string InstanceNotFound = nameof(InstanceNotFound);
        public const string InvalidAttributeName = nameof(InvalidAttributeName);
        public const string InvalidAttributePath = nameof(InvalidAttributePath);
        public const string InvalidAttributeValue = nameof(InvalidAttributeValue);
        public const string InvalidDocument = nameof(InvalidDocument);
        public const string InvalidJson = nameof(InvalidJson);
        public const string InvalidPrivateTag = nameof(InvalidPrivateTag);
        public const string InvalidSearchDate = nameof(InvalidSearchDate);
        public const string InvalidSearchRange = nameof(InvalidSearchRange);
        public const string InvalidSearchUid = nameof(InvalidSearchUid);
        public const string InvalidTextEncoding = nameof(InvalidTextEncoding);
        public const string InvalidUid = nameof(InvalidUid);
        public const string InvalidVR = nameof(InvalidVR);
        public const string NothingToCopy = nameof(NothingToCopy);
        public const string NothingToUpdate = nameof(NothingToUpdate);
        public const string PrivateTagNeedsInstance = nameof(PrivateTagNeedsInstance);
        public const string PrivateTagNeedsVR = nameof(PrivateTagNeedsVR);
        public const string ConflictingRowChanges = nameof(ConflictingRowChanges);
        public const string RowsWithCopiableAttributes = nameof(RowsWithCopiableAttributes);
        public const string SameImageSet = nameof(SameImageSet);
        public const string SearchValueTooLong = nameof(SearchValueTooLong);
        public const string SetAndRemoveSameElement = nameof(SetAndRemoveSameElement);
        public const string SeriesNotFound = nameof(SeriesNotFound);
        public const string StandardTagByNumber = nameof(StandardTagByNumber);
        public const string TooManyFrames = nameof(TooManyFrames);
        public const string TooManySearchFilters = nameof(TooManySearchFilters);
        public const string UnknownKeyword = nameof(UnknownKeyword);
        public const string UnsupportedSchemaVersion = nameof(UnsupportedSchemaVersion);
        public const string VersionGuardNeedsOneImageSet = nameof(VersionGuardNeedsOneImageSet);
        public const string VersionIdNeedsOneImageSet = nameof(VersionIdNeedsOneImageSet);
        public const string VRNotAccepted = nameof(VRNotAccepted);
        public const string WrongLevel = nameof(WrongLevel);

        // Versions and the write workflow
        public const string AlreadyLatestVersion = nameof(AlreadyLatestVersion);
        public const string CopyFailed = nameof(CopyFailed);
        public const string DeleteFailed = nameof(DeleteFailed);
        public const string ImageSetDeleted = nameof(ImageSetDeleted);
        public const string ImportFailed = nameof(ImportFailed);
        public const string NoEarlierVersion = nameof(NoEarlierVersion);
        public const string RevertFailed = nameof(RevertFailed);
        public const string StaleVersion = nameof(StaleVersion);
        public const string UpdateFailed = nameof(UpdateFailed);
        public const string VersionDeleted = nameof(VersionDeleted);
        public const string VersionNotFound = nameof(VersionNotFound);
        public const string WaitTimedOut = nameof(WaitTimedOut);
        public const string WriteOutcomeUnknown = nameof(WriteOutcomeUnknown);

        // Connection, credentials and retries
        public const string ClockSkewNotCorrected = nameof(ClockSkewNotCorrected);
        public const string EndpointUnreachable = nameof(EndpointUnreachable);
        public const string HttpRequestException = nameof(HttpRequestException);
        public const string InvalidCredential = nameof(InvalidCredential);
        public const string InvalidDataException = nameof(InvalidDataException);
        public const string InvalidEndpoint = nameof(InvalidEndpoint);
        public const string InvalidMaxAttempts = nameof(InvalidMaxAttempts);
        public const string InvalidRetryMode = nameof(InvalidRetryMode);
        public const string InvalidRegion = nameof(InvalidRegion);
        public const string NoCredentials = nameof(NoCredentials);
        public const string NoRegion = nameof(NoRegion);
        public const string OperationTimedOut = nameof(OperationTimedOut);
        public const string ProfileNotFound = nameof(ProfileNotFound);

        // Errors from HealthImaging (the service's error code)
        public const string AccessDeniedException = nameof(AccessDeniedException);
        public const string IncompleteSignatureException = nameof(IncompleteSignatureException);
        public const string InvalidSignatureException = nameof(InvalidSignatureException);
        public const string MissingAuthenticationTokenException = nameof(MissingAuthenticationTokenException);
        public const string UnrecognizedClientException = nameof(UnrecognizedClientException);
        public const string ConflictException = nameof(ConflictException);
        public const string DatastoreNameNotFound = nameof(DatastoreNameNotFound);
        public const string InternalServerException = nameof(InternalServerException);
        public const string ResourceNotFoundException = nameof(ResourceNotFoundException);
        public const string ServiceQuotaExceededException = nameof(ServiceQuotaExceededException);
        public const string ServiceUnavailableException = nameof(ServiceUnavailableException);
        public const string ThrottlingException = nameof(ThrottlingException);
        public const string ValidationException = nameof(ValidationException);

        // Loading the module
        public const string IncompatibleAwsSdkCoreLoaded = nameof(IncompatibleAwsSdkCoreLoaded);
        public const string PowerShellVersionNotSupported = nameof(PowerShellVersionNotSupported);

        // The local service (Start-AHILocalService)
        public const string DotnetNotFound = nameof(DotnetNotFound);
        public const string LocalServiceFailedToStart = nameof(LocalServiceFailedToStart);
        public const string LocalServiceNotFound = nameof(LocalServiceNotFound);
        public const string LocalServiceStartTimedOut = nameof(LocalServiceStartTimedOut);
        public const string QuotaPresetConflict = nameof(QuotaPresetConflict);
        public const string SeedFileNotFound = nameof(SeedFileNotFound);
    }
}
