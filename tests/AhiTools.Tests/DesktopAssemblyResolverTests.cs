using System.IO;
using AhiTools.Loading;
using Xunit;

namespace AhiTools.Tests
{
    public class DesktopAssemblyResolverTests
    {
        [Fact]
        public void FindsTheShippedFileWhateverVersionWasAskedFor()
        {
            string bin = Directory.CreateTempSubdirectory().FullName;
            File.WriteAllBytes(Path.Combine(bin, "System.Memory.dll"), new byte[] { 0 });
            var resolver = new DesktopAssemblyResolver(bin);

            Assert.Equal(Path.Combine(bin, "System.Memory.dll"), resolver.FindShippedAssembly("System.Memory, Version=4.0.1.1, Culture=neutral, PublicKeyToken=cc7b13ffcd2ddd51"));
            Assert.Equal(Path.Combine(bin, "System.Memory.dll"), resolver.FindShippedAssembly("System.Memory, Version=4.0.5.0"));
        }

        [Fact]
        public void LeavesAssembliesItDoesNotShipToOthers()
        {
            string bin = Directory.CreateTempSubdirectory().FullName;
            var resolver = new DesktopAssemblyResolver(bin);

            Assert.Null(resolver.FindShippedAssembly("Newtonsoft.Json, Version=13.0.0.0"));
        }
    }
}
