using AhiTools.LocalTesting;

namespace AhiTools.Commands
{
    /// <summary>Stops local HealthImaging services started by Start-AHILocalService, and removes the defaults they set.</summary>
    [Cmdlet(VerbsLifecycle.Stop, "AHILocalService", DefaultParameterSetName = ServiceSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class StopLocalServiceCommand : AhiCmdletBase
    {
        private const string ServiceSet = "Service";
        private const string AllSet = "All";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ServiceSet)]
        [ValidateNotNull]
        public LocalServiceInstance[] Service { get; set; } = new LocalServiceInstance[0];

        /// <summary>Every service Start-AHILocalService started in this PowerShell process and that was not stopped yet.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AllSet)]
        public SwitchParameter All { get; set; }

        protected override void ProcessRecord() => RunEach(ParameterSetName == AllSet ? StartedLocalServices.All() : Service, StopIfConfirmed);

        private void StopIfConfirmed(LocalServiceInstance service)
        {
            if (!ShouldProcess($"local HealthImaging service at {service.EndpointUrl} (process {service.ProcessId})", "Stop"))
            {
                return;
            }

            if (LocalServiceDefaults.Remove(SessionState, service))
            {
                WriteVerbose($"Removed the $PSDefaultParameterValues entries that pointed at {service.EndpointUrl}.");
            }

            StartedLocalServices.Remove(service);
            if (!LocalServiceProcess.Stop(service.Process))
            {
                WriteVerbose($"The local service at {service.EndpointUrl} had already stopped.");
            }
        }
    }
}
