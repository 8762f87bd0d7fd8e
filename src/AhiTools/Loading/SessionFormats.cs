using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace AhiTools.Loading
{
    /// <summary>
    /// Adds <see cref="FormatViews"/> to a session when one of its AhiTools cmdlets first begins, in place of a format
    /// file in the manifest: the views go into the session's list of formats and PowerShell rebuilds its format table
    /// from that list, as Update-FormatData does. Not at import: the rebuild covers PowerShell's own views too and is
    /// the largest part of an import, and a session that only completes or reads help never shows an AhiTools object.
    /// A cmdlet begins before any command after it in its pipeline formats what it writes (Out-Default and Format-Table
    /// read the format table at every object). The views stay for the rest of the session, after Remove-Module too.
    /// </summary>
    internal static class SessionFormats
    {
        private const string UpdateFormatDataType = "Microsoft.PowerShell.Commands.UpdateFormatDataCommand, Microsoft.PowerShell.Commands.Utility";

        // The sessions given the views: asked at every cmdlet's start, so a lookup rather than a search of the session's formats.
        private static readonly ConditionalWeakTable<InitialSessionState, object> Added = new();

        public static void AddTo(Runspace? runspace)
        {
            InitialSessionState? session = runspace?.InitialSessionState;
            if (session is null || Added.TryGetValue(session, out _))
            {
                return;
            }

            lock (Added)
            {
                if (!Added.TryGetValue(session, out _))
                {
                    AddViews(session);
                    Added.Add(session, Added);
                }
            }
        }

        private static void AddViews(InitialSessionState session)
        {
            if (session.DisableFormatUpdates)
            {
                return;
            }

            ExtendedTypeDefinition[] views = FormatViews.All().ToArray();
            string first = views[0].TypeName;
            if (session.Formats.Any(entry => entry.FormatData?.TypeName == first))
            {
                return;
            }

            foreach (ExtendedTypeDefinition view in views)
            {
                session.Formats.Add(new SessionStateFormatEntry(view));
            }

            using (var shell = PowerShell.Create(RunspaceMode.CurrentRunspace))
            {
                AddUpdateFormatData(shell);
                shell.Invoke();
                if (shell.HadErrors && shell.Streams.Error.Count > 0)
                {
                    ErrorRecord error = shell.Streams.Error[0];
                    throw new InvalidOperationException("AhiTools could not add its output views: " + error, error.Exception);
                }
            }
        }

        // Update-FormatData by its class when PowerShell 7 can find it: by name, PowerShell would first import all of
        // Microsoft.PowerShell.Utility, which costs far more than the update. Windows PowerShell finds it by name.
        private static void AddUpdateFormatData(PowerShell shell)
        {
            var type = Type.GetType(UpdateFormatDataType, throwOnError: false);
            if (type != null)
            {
                shell.AddCommand(new CmdletInfo("Update-FormatData", type));
            }
            else
            {
                shell.AddCommand("Microsoft.PowerShell.Utility\\Update-FormatData");
            }
        }
    }
}
