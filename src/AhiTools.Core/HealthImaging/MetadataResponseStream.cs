using System.IO.Compression;

namespace AhiTools.HealthImaging
{
    /// <summary>
    /// The GetImageSetMetadata body as a read-only stream, gunzipped on the fly when the service sent it gzip
    /// (Content-Encoding: gzip, or the gzip magic bytes), never buffered whole. Disposing it releases the response.
    /// </summary>
    internal sealed class MetadataResponseStream(HttpResponseMessage response, Stream inner) : ForwardOnlyReadStream(inner)
    {
        public static async Task<Stream> OpenAsync(HttpResponseMessage response)
        {
            try
            {
                Stream body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                var peekable = new PrefixedStream(body);
                bool declaredGzip = response.Content.Headers.ContentEncoding.Any(e => string.Equals(e, "gzip", StringComparison.OrdinalIgnoreCase));
                bool looksGzip = await peekable.StartsWithAsync(0x1f, 0x8b).ConfigureAwait(false);
                Stream inner = declaredGzip || looksGzip ? new GZipStream(peekable, CompressionMode.Decompress) : (Stream)peekable;
                return new MetadataResponseStream(response, inner);
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing)
            {
                response.Dispose();
            }
        }

        /// <summary>A forward-only stream that can look at its first bytes and then still hand them out.</summary>
        private sealed class PrefixedStream(Stream source) : ForwardOnlyReadStream(source)
        {
            private byte[] _prefix = Array.Empty<byte>();
            private int _prefixOffset;

            public async Task<bool> StartsWithAsync(byte first, byte second)
            {
                var buffer = new byte[2];
                int filled = 0;
                while (filled < buffer.Length)
                {
                    int read = await Source.ReadAsync(buffer, filled, buffer.Length - filled).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    filled += read;
                }

                _prefix = buffer.Take(filled).ToArray();
                return filled == 2 && buffer[0] == first && buffer[1] == second;
            }

            public override int Read(byte[] buffer, int offset, int count)
            {
                if (TakePrefix(buffer, offset, count, out int copied))
                {
                    return copied;
                }

                return Source.Read(buffer, offset, count);
            }

            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                if (TakePrefix(buffer, offset, count, out int copied))
                {
                    return Task.FromResult(copied);
                }

                return Source.ReadAsync(buffer, offset, count, cancellationToken);
            }

            private bool TakePrefix(byte[] buffer, int offset, int count, out int copied)
            {
                copied = 0;
                int remaining = _prefix.Length - _prefixOffset;
                if (remaining <= 0 || count == 0)
                {
                    return false;
                }

                copied = Math.Min(remaining, count);
                Buffer.BlockCopy(_prefix, _prefixOffset, buffer, offset, copied);
                _prefixOffset += copied;
                return true;
            }
        }
    }
}
