namespace AhiTools
{
    /// <summary>A HealthImaging datastore, as Get-AHIDatastore writes it.</summary>
    public sealed class Datastore
    {
        public string DatastoreId { get; set; } = "";
        public string DatastoreName { get; set; } = "";
        /// <summary>CREATING, CREATE_FAILED, ACTIVE, DELETING or DELETED.</summary>
        public string? Status { get; set; }
        public DateTimeOffset? CreatedAt { get; set; }
        public DateTimeOffset? UpdatedAt { get; set; }
        public string? DatastoreArn { get; set; }

        /// <summary>Read for one datastore (-DatastoreId); a listing leaves it empty.</summary>
        public string? KmsKeyArn { get; set; }
        public string? LambdaAuthorizerArn { get; set; }
        public string? LosslessStorageFormat { get; set; }

        public override string ToString() => $"{DatastoreName} ({DatastoreId})";

        internal static Datastore From(HealthImaging.DatastoreProperties properties) => new()
        {
            DatastoreId = properties.DatastoreId,
            DatastoreName = properties.DatastoreName,
            Status = properties.DatastoreStatus,
            CreatedAt = properties.CreatedAt,
            UpdatedAt = properties.UpdatedAt,
            DatastoreArn = properties.DatastoreArn,
            KmsKeyArn = properties.KmsKeyArn,
            LambdaAuthorizerArn = properties.LambdaAuthorizerArn,
            LosslessStorageFormat = properties.LosslessStorageFormat,
        };
    }
}
