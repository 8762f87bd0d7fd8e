namespace AhiTools.HealthImaging
{
    /// <summary>
    /// The rate at which answers come back, smoothed, as AWS's adaptive retry mode measures it: answers are counted in
    /// half-second buckets and each finished bucket moves the estimate 80 % of the way to its rate.
    /// </summary>
    internal sealed class SendRateMeter
    {
        public const double Smoothing = 0.8;
        public const double BucketSeconds = 0.5;

        private double _lastBucket;
        private int _count;

        public SendRateMeter(double nowSeconds)
        {
            _lastBucket = Bucket(nowSeconds);
        }

        /// <summary>0 until the first bucket has finished.</summary>
        public double Rate { get; private set; }

        public void Record(double nowSeconds)
        {
            _count++;
            double bucket = Bucket(nowSeconds);
            if (bucket > _lastBucket)
            {
                double current = _count / (bucket - _lastBucket);
                Rate = (current * Smoothing) + (Rate * (1 - Smoothing));
                _count = 0;
                _lastBucket = bucket;
            }
        }

        private static double Bucket(double seconds) => Math.Floor(seconds / BucketSeconds) * BucketSeconds;
    }
}
