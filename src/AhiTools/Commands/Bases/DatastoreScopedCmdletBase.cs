using System.Reflection;
using AhiTools.Completion;

namespace AhiTools.Commands
{
    /// <summary>
    /// A cmdlet that works on image sets of one datastore, named by -DatastoreId (position 0, and bound by property name).
    /// A cmdlet whose image set ID comes next by position names that parameter in <see cref="ImageSetParameter"/>.
    /// When $PSDefaultParameterValues supplies -DatastoreId, the positional arguments are read one place later
    /// (<see cref="DefaultDatastorePositions"/>): "Undo-AHIImageSetMetadata $i 2" as "Undo-AHIImageSetMetadata $d $i 2".
    /// </summary>
    public abstract class DatastoreScopedCmdletBase : HealthImagingCmdletBase
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateHealthImagingId(HealthImagingIdKind.Datastore)]
        [ArgumentCompleter(typeof(DatastoreIdCompleter))]
        public string DatastoreId { get; set; } = "";

        /// <summary>
        /// The image set parameter at position 1, or null. It is declared optional so that PowerShell lets the call
        /// through to <see cref="BeginProcessing"/>, which requires it (unless it comes from the pipeline).
        /// </summary>
        protected virtual string? ImageSetParameter => null;

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            string? parameter = ImageSetParameter;
            if (parameter is null)
            {
                return;
            }

            ReadPositionsAfterDefaultDatastore(parameter);
            RequireValidPositionalIds();
            if (MyInvocation.BoundParameters.ContainsKey(parameter) || MyInvocation.ExpectingInput)
            {
                return;
            }

            ThrowTerminatingError(ErrorRecords.Create(
                new ParameterBindingException($"Cannot process command because of one or more missing mandatory parameters: {parameter}."),
                ErrorIds.MissingMandatoryParameter,
                ErrorKind.InvalidInput,
                null,
                $"Give -{parameter} (by name, by position after -DatastoreId, or from the pipeline). With a default datastore in $PSDefaultParameterValues, the first ID by position is -{parameter}."));
        }

        // PowerShell binds positions before it applies $PSDefaultParameterValues, so with a default datastore the first
        // ID of "Cmd $i ..." lands on -DatastoreId and the default is skipped; the call is read as it was meant.
        private void ReadPositionsAfterDefaultDatastore(string imageSetParameter)
        {
            IReadOnlyList<string> chain = DefaultDatastorePositions.Chain(GetType());
            List<string>? boundByPosition = BoundByPosition();
            if (boundByPosition is null)
            {
                // A host that does not say which parameters were bound by position: only the one-ID form is read.
                boundByPosition = MyInvocation.BoundParameters.ContainsKey(nameof(DatastoreId)) && !MyInvocation.BoundParameters.ContainsKey(imageSetParameter)
                    ? new List<string> { nameof(DatastoreId) }
                    : new List<string>();
            }

            var positional = new List<KeyValuePair<string, object?>>();
            foreach (string name in chain)
            {
                if (boundByPosition.Contains(name, StringComparer.OrdinalIgnoreCase) && MyInvocation.BoundParameters.TryGetValue(name, out object? value))
                {
                    positional.Add(new KeyValuePair<string, object?>(name, value));
                }
            }

            string? shellDefault = ShellDefaults.FindText(ShellDefaults.Of(SessionState), MyInvocation.MyCommand.Name, nameof(DatastoreId));
            bool imageSetsFromPipeline = MyInvocation.ExpectingInput && positional.Count < 2;
            if (imageSetsFromPipeline || !DefaultDatastorePositions.Applies(shellDefault, positional))
            {
                return;
            }

            var named = MyInvocation.BoundParameters.Keys.Where(name => !boundByPosition.Contains(name, StringComparer.OrdinalIgnoreCase)).ToList();
            IReadOnlyList<KeyValuePair<string, object?>> moved = DefaultDatastorePositions.Shift(chain, positional, named, out IReadOnlyList<object?> unplaced);
            if (unplaced.Count > 0)
            {
                string argument = DefaultDatastorePositions.Text(unplaced[0]) ?? "";
                ThrowTerminatingError(ErrorRecords.Create(
                    new ParameterBindingException($"A positional parameter cannot be found that accepts argument '{argument}'."),
                    ErrorIds.PositionalParameterNotFound,
                    ErrorKind.InvalidInput,
                    argument,
                    $"$PSDefaultParameterValues names datastore {shellDefault}, so the first ID by position is -{imageSetParameter}. Give -DatastoreId first to name another datastore."));
            }

            foreach (KeyValuePair<string, object?> argument in positional)
            {
                MyInvocation.BoundParameters.Remove(argument.Key);
            }

            SetParameter(nameof(DatastoreId), shellDefault);
            foreach (KeyValuePair<string, object?> argument in moved)
            {
                SetParameter(argument.Key, argument.Value);
            }

            WriteVerbose($"$PSDefaultParameterValues names datastore {shellDefault}: the IDs given by position are read one place later ({string.Join(", ", moved.Select(argument => "-" + argument.Key))}).");
        }

        /// <summary>The parameters PowerShell bound by position ($PSBoundParameters.BoundPositionally), or null if it does not say.</summary>
        private List<string>? BoundByPosition()
        {
            object? value = MyInvocation.BoundParameters.GetType().GetProperty("BoundPositionally")?.GetValue(MyInvocation.BoundParameters);
            return value is IEnumerable<string> names ? names.ToList() : null;
        }

        private void SetParameter(string name, object? value)
        {
            PropertyInfo property = GetType().GetProperty(name, BindingFlags.Public | BindingFlags.Instance)!;
            object? converted = LanguagePrimitives.ConvertTo(value, property.PropertyType, CultureInfo.InvariantCulture);
            property.SetValue(this, converted);
            MyInvocation.BoundParameters[name] = converted;
        }

        /// <summary>
        /// The IDs given on the command line, checked strictly once the positions are read: a version ID may have been
        /// let through at -ImageSetId for the move (ValidateHealthImagingIdAttribute.VersionMayArriveFirst).
        /// </summary>
        private void RequireValidPositionalIds()
        {
            IReadOnlyList<CmdletParameter> parameters = CmdletParameter.Of(GetType());
            foreach (string name in DefaultDatastorePositions.Chain(GetType()))
            {
                if (!(CmdletParameter.Named(parameters, name).IdKind is HealthImagingIdKind kind)
                    || !MyInvocation.BoundParameters.TryGetValue(name, out object? value) || value is null)
                {
                    continue;
                }

                foreach (string? id in value is string[] many ? many : new[] { DefaultDatastorePositions.Text(value) })
                {
                    if (ValidateHealthImagingIdAttribute.IsValid(kind, id))
                    {
                        continue;
                    }

                    string message = $"Cannot validate argument on parameter '{name}'. {ValidateHealthImagingIdAttribute.Describe(kind, id)}";
                    ThrowTerminatingError(ErrorRecords.Create(
                        new ParameterBindingException(message),
                        ErrorIds.ParameterArgumentValidationError,
                        ErrorKind.InvalidData,
                        id));
                }
            }
        }
    }
}
