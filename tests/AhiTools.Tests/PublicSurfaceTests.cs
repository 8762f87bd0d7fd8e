using System;
using System.Linq;
using System.Reflection;
using AhiTools.Commands;
using AhiTools.Errors;
using Xunit;

namespace AhiTools.Tests
{
    /// <summary>
    /// What the assemblies export. The core exports nothing; the module exports its cmdlets, their base classes, the
    /// output types (under the names Format.ps1xml and the help use) and the module initializer. Anything else made
    /// public by accident fails here: make it internal.
    /// </summary>
    public class PublicSurfaceTests
    {
        private static readonly string[] ModuleSurface =
        {
            // The loader's initializer.
            "AhiTools.Loading.ModuleInitializer",

            // Cmdlet base classes.
            "AhiTools.Commands.AhiCmdletBase",
            "AhiTools.Commands.DatastoreScopedCmdletBase",
            "AhiTools.Commands.ExistingImageSetWriteCmdletBase",
            "AhiTools.Commands.HealthImagingCmdletBase",
            "AhiTools.Commands.ImageSetWriteCmdletBase",

            // Cmdlets.
            "AhiTools.Commands.CompareImageSetMetadataCommand",
            "AhiTools.Commands.CopyImageSetCommand",
            "AhiTools.Commands.GetDatastoreCommand",
            "AhiTools.Commands.GetImageSetMetadataCommand",
            "AhiTools.Commands.GetImageSetVersionCommand",
            "AhiTools.Commands.RemoveImageSetCommand",
            "AhiTools.Commands.SearchImageSetCommand",
            "AhiTools.Commands.StartLocalServiceCommand",
            "AhiTools.Commands.StopLocalServiceCommand",
            "AhiTools.Commands.UndoImageSetMetadataCommand",
            "AhiTools.Commands.UpdateImageSetMetadataCommand",
            "AhiTools.Commands.WaitImageSetCommand",

            // Output types.
            "AhiTools.Datastore",
            "AhiTools.ImageSet",
            "AhiTools.ImageSetInstance",
            "AhiTools.ImageSetMetadataDifference",
            "AhiTools.ImageSetMetadataFile",
            "AhiTools.ImageSetMetadataRow",
            "AhiTools.ImageSetSeries",
            "AhiTools.ImageSetSummary",
            "AhiTools.ImageSetVersion",
            "AhiTools.LocalServiceInstance",
        };

        [Fact]
        public void TheModuleExportsOnlyItsCmdletsTheirBasesTheOutputTypesAndTheInitializer()
        {
            string[] exported = Exported(typeof(AhiCmdletBase).Assembly);

            Assert.Equal(ModuleSurface.OrderBy(name => name, StringComparer.Ordinal), exported);
        }

        [Fact]
        public void TheCoreExportsNothing()
        {
            Assert.Empty(Exported(typeof(AhiException).Assembly));
        }

        [Fact]
        public void TheCoreHasNoPowerShellReference()
        {
            Assembly core = typeof(AhiException).Assembly;

            Assert.Equal("AhiTools.Core", core.GetName().Name);
            Assert.DoesNotContain(core.GetReferencedAssemblies(), reference => reference.Name == "System.Management.Automation");
        }

        [Fact]
        public void EveryExportedCmdletIsSealedAndEveryExportedBaseIsAbstract()
        {
            foreach (Type type in typeof(AhiCmdletBase).Assembly.GetExportedTypes().Where(t => t.Namespace == "AhiTools.Commands"))
            {
                Assert.True(type.IsSealed || type.IsAbstract, $"{type.FullName} is neither a sealed cmdlet nor an abstract base.");
            }
        }

        private static string[] Exported(Assembly assembly) =>
            assembly.GetExportedTypes().Select(type => type.FullName!).OrderBy(name => name, StringComparer.Ordinal).ToArray();
    }
}
