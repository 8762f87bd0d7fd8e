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

        private IDictionary _bound;
        private readonly IDictionary? _defaults;
        private ResolvedConnection? _connection;
        private bool _resolved;

        public CompletionConnection(string commandName, IDictionary? boundParameters, string? completing = null, CommandAst? commandAst = null, string? wordToComplete = null)
        {
            CommandName = commandName ?? "";
            Completing = completing;
            _defaults = ShellDefaults.OfCurrentRunspace();
            _bound = boundParameters ?? new Hashtable();
            if (commandAst != null)
            {
                ReadPositionsAsTheCmdletDoes(commandAst, wordToComplete ?? "");
            }
        }

        public string CommandName { get; }

        /// <summary>
        /// The parameter being completed as the cmdlet will read it: with a default datastore, the word typed at the
        /// image set's position fills the next position ("Undo-AHIImageSetMetadata $i &lt;Tab&gt;" completes -VersionId).
        /// </summary>
        public string? Completing { get; private set; }

        /// <summary>
        /// The default datastore, when the word being completed is the first positional argument of a cmdlet that
        /// takes an image set next: the cmdlet reads that word as the image set unless it is the default datastore.
        /// </summary>
        public string? DefaultDatastoreForFirstPosition { get; private set; }

        /// <summary>A parameter typed as one text value (an array of one counts too), else its shell default, or null.</summary>
        public string? Text(string name, params string[] aliases)
        {
            foreach (string candidate in Names(name, aliases))
            {
                if (_bound.Contains(candidate))
                {
                    return PowerShellValues.Single(_bound[candidate]) as string;
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
                    return PowerShellValues.Unwrap(_bound[candidate]);
                }
            }

            return ShellDefaults.Find(_defaults, CommandName, Names(name, aliases));
        }

        public ConnectionParameters Parameters() => ConnectionParameterReader.Read(Value, ShellDefaults.CallerVariable);

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
        /// With a default datastore, PowerShell's pseudo-binding puts the first ID of "Cmd $i ..." on -DatastoreId, as the
        /// real binding does; the cmdlet then reads every positional argument one place later (DefaultDatastorePositions),
        /// and completion reads the line the same way.
        /// </summary>
        private void ReadPositionsAsTheCmdletDoes(CommandAst commandAst, string wordToComplete)
        {
            Type? cmdletType = PositionalCommands.Find(CommandName);
            if (cmdletType is null)
            {
                return;
            }

            IReadOnlyList<string> chain = DefaultDatastorePositions.Chain(cmdletType);
            var line = CommandLine.Read(commandAst, cmdletType, wordToComplete);
            string? shellDefault = ShellDefaults.FindText(_defaults, CommandName, DefaultDatastorePositions.DatastoreParameter);
            if (chain.Count > 1 && line.PositionalCount == 0 && !line.CompletingNamed
                && string.Equals(Completing, DefaultDatastorePositions.DatastoreParameter, StringComparison.OrdinalIgnoreCase)
                && ValidateHealthImagingIdAttribute.IsValid(HealthImagingIdKind.Datastore, shellDefault))
            {
                DefaultDatastoreForFirstPosition = shellDefault;
            }

            var positional = chain
                .Where(name => !line.Named.Contains(name, StringComparer.OrdinalIgnoreCase))
                .Take(line.PositionalCount)
                .Where(name => _bound.Contains(name))
                .Select(name => new KeyValuePair<string, object?>(name, _bound[name]))
                .ToList();
            if (positional.Count != line.PositionalCount || !DefaultDatastorePositions.Applies(shellDefault, positional))
            {
                return;
            }

            var shifted = new Hashtable(StringComparer.OrdinalIgnoreCase);
            foreach (DictionaryEntry entry in _bound)
            {
                shifted[entry.Key] = entry.Value;
            }

            foreach (KeyValuePair<string, object?> argument in positional)
            {
                shifted.Remove(argument.Key);
            }

            foreach (KeyValuePair<string, object?> argument in DefaultDatastorePositions.Shift(chain, positional, line.Named, out _))
            {
                shifted[argument.Key] = argument.Value;
            }

            _bound = shifted;
            if (Completing != null && !line.CompletingNamed
                && string.Equals(Completing, DefaultDatastorePositions.NextPosition(chain, line.Named, line.PositionalCount, shifted: false), StringComparison.OrdinalIgnoreCase))
            {
                Completing = DefaultDatastorePositions.NextPosition(chain, line.Named, line.PositionalCount, shifted: true);
            }
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
    }
}
