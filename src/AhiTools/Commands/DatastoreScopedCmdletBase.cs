using System;
using System.Management.Automation;
using AhiTools.Completion;

namespace AhiTools.Commands
{
    /// <summary>
    /// A cmdlet that works on image sets of one datastore, named by -DatastoreId (first, and bound by property name).
    /// A cmdlet whose image set ID comes second by position names that parameter in <see cref="ImageSetParameter"/>:
    /// when $PSDefaultParameterValues supplies -DatastoreId and one ID is given by position, that ID is the image set's
    /// ("Get-AHIImageSetVersion $i"), as it would be without the default ("Get-AHIImageSetVersion $d $i").
    /// </summary>
    public abstract class DatastoreScopedCmdletBase : AhiCmdletBase
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

        /// <summary>Sets the image set parameter to the one ID that PowerShell bound to -DatastoreId by position.</summary>
        protected virtual void TakeImageSetFromDatastorePosition(string imageSetId)
        {
        }

        protected override void BeginProcessing()
        {
            base.BeginProcessing();
            string? parameter = ImageSetParameter;
            if (parameter is null || MyInvocation.BoundParameters.ContainsKey(parameter) || MyInvocation.ExpectingInput)
            {
                return;
            }

            // PowerShell binds positions before it applies $PSDefaultParameterValues, so with a default datastore the
            // one ID of "Cmd $i" lands on -DatastoreId and the default is skipped; the call is read as it was meant.
            string? shellDefault = ShellDefaults.FindText(ShellDefaults.Of(SessionState), MyInvocation.MyCommand.Name, nameof(DatastoreId));
            if (shellDefault != null
                && MyInvocation.BoundParameters.ContainsKey(nameof(DatastoreId))
                && !string.Equals(shellDefault, DatastoreId, StringComparison.Ordinal)
                && ValidateHealthImagingIdAttribute.IsValid(HealthImagingIdKind.Datastore, shellDefault)
                && ValidateHealthImagingIdAttribute.IsValid(HealthImagingIdKind.ImageSet, DatastoreId))
            {
                WriteVerbose($"One ID was given and $PSDefaultParameterValues names datastore {shellDefault}: {DatastoreId} is read as -{parameter}.");
                TakeImageSetFromDatastorePosition(DatastoreId);
                DatastoreId = shellDefault;
                return;
            }

            ThrowTerminatingError(new ErrorRecord(
                new ParameterBindingException($"Cannot process command because of one or more missing mandatory parameters: {parameter}."),
                "MissingMandatoryParameter",
                ErrorCategory.InvalidArgument,
                null)
            {
                ErrorDetails = new ErrorDetails($"Cannot process command because of one or more missing mandatory parameters: {parameter}.")
                {
                    RecommendedAction = $"Give -{parameter} (by name, by position after -DatastoreId, or from the pipeline). With a default datastore in $PSDefaultParameterValues, one ID by position is read as -{parameter}.",
                },
            });
        }
    }
}
