namespace AhiTools.Commands
{
    /// <summary>One page of a listing: its items and the token for the next page (null on the last).</summary>
    internal readonly struct ListingPage<T>(IReadOnlyList<T> items, string? nextToken)
    {
        public IReadOnlyList<T> Items { get; } = items;

        public string? NextToken { get; } = nextToken;
    }

    /// <summary>
    /// Walks a paged listing with -Skip and -First applied, handing each item on as its page arrives and asking the
    /// service for no more than is still wanted, so -First 1 reads one small page.
    /// </summary>
    internal static class PagedListing
    {
        /// <param name="readPage">Reads one page: (page size, next token) → page. Called on the pipeline thread.</param>
        /// <param name="keep">A filter applied before -Skip and -First; with one, pages are always full size.</param>
        public static void Stream<T>(PagingParameters paging, int maxPageSize, Func<int, string?, ListingPage<T>> readPage, Action<T> write, Func<T, bool>? keep = null)
        {
            ulong toSkip = paging.Skip;
            ulong toWrite = paging.First;
            string? nextToken = null;
            do
            {
                if (toWrite == 0)
                {
                    return;
                }

                int pageSize = keep is null ? PageSizeFor(toSkip, toWrite, maxPageSize) : maxPageSize;
                ListingPage<T> page = readPage(pageSize, nextToken);
                foreach (T item in page.Items)
                {
                    if (keep != null && !keep(item))
                    {
                        continue;
                    }

                    if (toSkip > 0)
                    {
                        toSkip--;
                        continue;
                    }

                    if (toWrite == 0)
                    {
                        return;
                    }

                    write(item);
                    toWrite--;
                }

                nextToken = page.NextToken;
            }
            while (!string.IsNullOrEmpty(nextToken));
        }

        /// <summary>The listing reports no total: -IncludeTotalCount says so once, before any item.</summary>
        public static void WriteUnknownTotal(PSCmdlet cmdlet, PagingParameters paging)
        {
            if (paging.IncludeTotalCount)
            {
                cmdlet.WriteObject(paging.NewTotalCount(0, 0.0));
            }
        }

        private static int PageSizeFor(ulong toSkip, ulong toWrite, int maxPageSize)
        {
            if (toSkip >= (ulong)maxPageSize || toWrite >= (ulong)maxPageSize)
            {
                return maxPageSize;
            }

            return (int)Math.Min((ulong)maxPageSize, toSkip + toWrite);
        }
    }
}
