using System;
using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using AhiTools.Connection;
using AhiTools.HealthImaging;

namespace AhiTools.Completion
{
    /// <summary>
    /// The client a completer may use: the connection parameters already typed on the command line, then the same
    /// shell defaults and environment the cmdlet itself would use. Null when nothing resolves: completion stays quiet.
    /// </summary>
    internal static class CompletionConnection
    {
        public static IHealthImagingClient? TryGetClient(IDictionary boundParameters)
        {
            var parameters = new ConnectionParameters
            {
                Region = Text(boundParameters, "Region"),
                ProfileName = Text(boundParameters, "ProfileName"),
                ProfileLocation = Text(boundParameters, "ProfileLocation"),
                AccessKey = Text(boundParameters, "AccessKey"),
                SecretKey = Text(boundParameters, "SecretKey"),
                SessionToken = Text(boundParameters, "SessionToken"),
                Credential = Unwrap(boundParameters["Credential"]),
                EndpointUrl = Text(boundParameters, "EndpointUrl"),
                StoredCredentials = SessionVariable("StoredAWSCredentials"),
                StoredRegion = SessionVariable("StoredAWSRegion"),
            };

            try
            {
                return HealthImagingClientProvider.GetClient(parameters);
            }
            catch (ConnectionConfigurationException)
            {
                return null;
            }
        }

        /// <summary>A parameter typed as one value (an array of one counts too), or null.</summary>
        public static string? Text(IDictionary boundParameters, string name)
        {
            object? value = Unwrap(boundParameters[name]);
            if (value is IList list && !(value is string))
            {
                value = list.Count == 1 ? Unwrap(list[0]) : null;
            }

            return value as string;
        }

        private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

        private static object? SessionVariable(string name)
        {
            try
            {
                return Unwrap(Runspace.DefaultRunspace?.SessionStateProxy.PSVariable.GetValue(name));
            }
            catch (PSInvalidOperationException)
            {
                // The runspace is busy in a way that does not allow a look at its variables: complete without them.
                return null;
            }
        }
    }
}
