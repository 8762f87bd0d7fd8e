using System.Diagnostics;

namespace AhiTools
{
    /// <summary>A local HealthImaging service started by Start-AHILocalService, as it writes it.</summary>
    public sealed class LocalServiceInstance
    {
        internal LocalServiceInstance(Process process, Uri endpoint, string[] datastoreIds)
        {
            Process = process;
            ProcessId = process.Id;
            EndpointUrl = endpoint.GetLeftPart(UriPartial.Authority);
            Port = endpoint.Port;
            DatastoreIds = datastoreIds;
        }

        public string EndpointUrl { get; }

        public int Port { get; }

        public int ProcessId { get; }

        /// <summary>The datastores it holds when it started: the seed's, or the one empty datastore made for you.</summary>
        public string[] DatastoreIds { get; }

        /// <summary>The first of <see cref="DatastoreIds"/>.</summary>
        public string? DatastoreId => DatastoreIds.Length > 0 ? DatastoreIds[0] : null;

        /// <summary>The key pair the local service accepts by default (documented in its README): it is accepted nowhere else.</summary>
        public string AccessKey => "AKIALOCALAHITOOLS000";

        public string SecretKey => "ahitools-local-secret-key-0000000000000";

        /// <summary>The region the cmdlets pointed at the service sign for (it answers in any).</summary>
        public string Region => "us-east-1";

        public bool HasExited => LocalTesting.LocalServiceProcess.HasExited(Process);

        /// <summary>EndpointUrl, AccessKey, SecretKey and Region, to splat into any AhiTools cmdlet.</summary>
        public Hashtable Connection => new(StringComparer.OrdinalIgnoreCase)
        {
            ["EndpointUrl"] = EndpointUrl,
            ["AccessKey"] = AccessKey,
            ["SecretKey"] = SecretKey,
            ["Region"] = Region,
        };

        internal Process Process { get; }

        public override string ToString() => EndpointUrl;
    }
}
