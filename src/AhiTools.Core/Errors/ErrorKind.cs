namespace AhiTools.Errors
{
    /// <summary>
    /// What kind of failure an error is, in the core's own terms; the cmdlet layer turns each kind into one
    /// PowerShell error category (Commands/Errors/ErrorRecords.cs).
    /// </summary>
    internal enum ErrorKind
    {
        /// <summary>Input refused before anything was sent.</summary>
        InvalidInput,

        /// <summary>The image set, version, profile, file or element named does not exist.</summary>
        NotFound,

        /// <summary>The state changed since it was read, or does not allow the operation (a stale or deleted version).</summary>
        Stale,

        /// <summary>The service is busy with the resource (its ConflictException).</summary>
        Busy,

        /// <summary>The service's workflow ended in failure (COPY_FAILED, UPDATE_FAILED, IMPORT_FAILED).</summary>
        WorkflowFailed,

        /// <summary>An answer or a document could not be read.</summary>
        InvalidData,

        /// <summary>Waiting for something ended before it happened.</summary>
        Timeout,

        /// <summary>The service could not be reached, or failed on its side.</summary>
        Connection,

        /// <summary>A write was sent and whether it was applied could not be told.</summary>
        OutcomeUnknown,

        /// <summary>The service refused for rate or quota.</summary>
        Throttled,

        /// <summary>The service refused the caller's identity or permissions.</summary>
        AccessDenied,

        /// <summary>No usable credentials were found.</summary>
        Unauthenticated,

        /// <summary>Something the command needs is not installed.</summary>
        NotInstalled,

        /// <summary>The operation failed for a reason none of the above names.</summary>
        Failed,
    }
}
