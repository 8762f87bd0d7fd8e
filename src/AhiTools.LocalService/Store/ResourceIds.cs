using System.Security.Cryptography;

namespace AhiTools.LocalService.Store
{
    /// <summary>New datastore and image set ids in the model's pattern [0-9a-z]{32}.</summary>
    public static class ResourceIds
    {
        private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

        public static string New()
        {
            var chars = new char[32];
            for (var i = 0; i < chars.Length; i++) chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
            return new string(chars);
        }
    }
}
