using System.Runtime.CompilerServices;

namespace AhiTools.Connection
{
    /// <summary>A stable ID per object for the lifetime of the object, without keeping it alive.</summary>
    internal static class ObjectIdentity
    {
        private static readonly ConditionalWeakTable<object, string> Ids = new();

        public static string Of(object value) => Ids.GetValue(value, _ => Guid.NewGuid().ToString("N"));
    }
}
