using System.Management.Automation;
using AhiTools.Completion;

namespace AhiTools.Commands
{
    /// <summary>A cmdlet that works on image sets of one datastore, named by -DatastoreId (first, and bound by property name).</summary>
    public abstract class DatastoreScopedCmdletBase : AhiCmdletBase
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateHealthImagingId(HealthImagingIdKind.Datastore)]
        [ArgumentCompleter(typeof(DatastoreIdCompleter))]
        public string DatastoreId { get; set; } = "";
    }
}
