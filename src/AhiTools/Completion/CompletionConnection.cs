using System;
using System.Collections;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using AhiTools.Connection;
using AhiTools.HealthImaging;

namespace AhiTools.Completion
{
    /// <summary>
    /// What a completer knows of the command being typed: each parameter as typed on the line, else as
    /// $PSDefaultParameterValues gives it for this command (what the cmdlet would bind), and the client the cmdlet
    /// would use: the connection parameters, then $StoredAWSCredentials/$StoredAWSRegion and the environment. Remote
    /// calls have a short budget, never throw, and their answers are cached briefly per connection.
    /// </summary>
    internal sealed class CompletionConnection
    {
        /// <summary>How long one remote call of a completer may take before completion gives up quietly.</summary>
        public static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);

        private readonly IDictionary _bound;
        private readonly IDictionary? _defaults;
        private ResolvedConnection? _connection;
        private bool _resolved;

        // The cmdlets whose image set ID follows -DatastoreId by position (DatastoreScopedCmdletBase.ImageSetParameter).
        private static readonly string[] PositionalImageSetCommands =
        {
            "Get-AHIImageSetVersion", "Get-AHIImageSetMetadata", "Compare-AHIImageSetMetadata", "Update-AHIImageSetMetadata",
            "Undo-AHIImageSetMetadata", "Remove-AHIImageSet", "Wait-AHIImageSet", "Copy-AHIImageSet",
        };

        public CompletionConnection(string commandName, IDictionary? boundParameters, string? completing = null)
        {
            CommandName = commandName ?? "";
            _defaults = ShellDefaults.OfCurrentRunspace();
            _bound = AsTheCmdletReadsIt(boundParameters ?? new Hashtable(), completing);
        }

        public string CommandName { get; }

        /// <summary>A parameter typed as one text value (an array of one counts too), else its shell default, or null.</summary>
        public string? Text(string name, params string[] aliases)
        {
            foreach (string candidate in Names(name, aliases))
            {
                if (_bound.Contains(candidate))
                {
                    return Single(_bound[candidate]) as string;
                }
            }

            return ShellDefaults.FindText(_defaults, CommandName, Names(name, aliases));
        }

        /// <summary>A parameter as typed, else its shell default, or null.</summary>
        public object? Value(string name, params string[] aliases)
        {
            foreach (string candidate in Names(name, aliases))
            {
                if (_bound.Contains(candidate))
                {
                    return Unwrap(_bound[candidate]);
                }
            }

            return ShellDefaults.Find(_defaults, CommandName, Names(name, aliases));
        }

        public ConnectionParameters Parameters() => new ConnectionParameters
        {
            Region = Text("Region"),
            ProfileName = Text("ProfileName", "StoredCredentials", "AWSProfileName"),
            ProfileLocation = Text("ProfileLocation", "AWSProfilesLocation", "ProfilesLocation"),
            AccessKey = Text("AccessKey"),
            SecretKey = Text("SecretKey"),
            SessionToken = Text("SessionToken"),
            Credential = Value("Credential"),
            EndpointUrl = Text("EndpointUrl"),
            StoredCredentials = SessionVariable("StoredAWSCredentials"),
            StoredRegion = SessionVariable("StoredAWSRegion"),
        };

        /// <summary>
        /// The answer of one remote call, from the cache when this connection asked the same question moments ago;
        /// null when nothing resolves, the call fails or it takes longer than the budget: completion stays quiet.
        /// </summary>
        public T? Fetch<T>(string question, Func<IHealthImagingClient, CancellationToken, Task<T>> call)
            where T : class
        {
            ResolvedConnection? connection = Resolve();
            if (connection is null)
            {
                return null;
            }

            return CompletionCache.Shared.GetOrFetch<T>(connection.CacheKey + "\n" + question, () =>
            {
                // Not disposed: a call that outlives the budget may still hold the token; it is cancelled instead.
                var timeout = new CancellationTokenSource();
                try
                {
                    IHealthImagingClient client = HealthImagingClientProvider.GetClient(connection);
                    Task<T> task = call(client, timeout.Token);
                    // The budget holds even if a call does not observe its token at once.
                    if (task.Wait(Budget))
                    {
                        return task.GetAwaiter().GetResult();
                    }

                    timeout.Cancel();
                    task.ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
                    return null;
                }
                catch (Exception e) when (!(e is OutOfMemoryException))
                {
                    return null;
                }
            });
        }

        /// <summary>
        /// With a default datastore, "Cmd $i -Parameter" binds $i to -DatastoreId by position, and the cmdlet reads it as
        /// the image set (DatastoreScopedCmdletBase): completion reads the line the same way, unless it is completing
        /// the image set parameter itself (then the ID on the line is the datastore).
        /// </summary>
        private IDictionary AsTheCmdletReadsIt(IDictionary bound, string? completing)
        {
            string command = CommandName.Substring(CommandName.LastIndexOf('\\') + 1);
            if (Array.FindIndex(PositionalImageSetCommands, name => string.Equals(name, command, StringComparison.OrdinalIgnoreCase)) < 0
                || completing is null || completing == "DatastoreId" || completing == "ImageSetId" || completing == "SourceImageSetId"
                || !bound.Contains("DatastoreId") || bound.Contains("ImageSetId") || bound.Contains("SourceImageSetId"))
            {
                return bound;
            }

            string? given = Single(bound["DatastoreId"]) as string;
            string? shellDefault = ShellDefaults.FindText(_defaults, CommandName, "DatastoreId");
            if (given is null || shellDefault is null || string.Equals(given, shellDefault, StringComparison.Ordinal))
            {
                return bound;
            }

            var shifted = new Hashtable(StringComparer.OrdinalIgnoreCase);
            foreach (DictionaryEntry entry in bound)
            {
                shifted[entry.Key] = entry.Value;
            }

            shifted.Remove("DatastoreId");
            shifted[string.Equals(command, "Copy-AHIImageSet", StringComparison.OrdinalIgnoreCase) ? "SourceImageSetId" : "ImageSetId"] = given;
            return shifted;
        }

        private ResolvedConnection? Resolve()
        {
            if (!_resolved)
            {
                _resolved = true;
                try
                {
                    _connection = HealthImagingClientProvider.ResolveConnection(Parameters());
                }
                catch (Exception e) when (!(e is OutOfMemoryException))
                {
                    _connection = null;
                }
            }

            return _connection;
        }

        private static string[] Names(string name, string[] aliases)
        {
            var names = new string[aliases.Length + 1];
            names[0] = name;
            aliases.CopyTo(names, 1);
            return names;
        }

        private static object? Single(object? value)
        {
            value = Unwrap(value);
            if (value is IList list && !(value is string))
            {
                return list.Count == 1 ? Unwrap(list[0]) : null;
            }

            return value;
        }

        private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

        private static object? SessionVariable(string name) => ShellDefaults.CallerVariable(name);
    }
}
