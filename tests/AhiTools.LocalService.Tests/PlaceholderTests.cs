using Xunit;
namespace AhiTools.LocalService.Tests { public class Placeholder { [Fact] public void Builds() => Assert.True(typeof(Program) != null); } }
