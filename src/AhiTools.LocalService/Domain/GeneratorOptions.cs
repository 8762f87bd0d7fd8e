namespace AhiTools.LocalService.Domain
{
    public sealed class GeneratorOptions
    {
        public int Patients = 1;
        public int StudiesPerPatient = 1;
        public int SeriesPerStudy = 2;
        public int InstancesPerSeries = 3;
        public int? Seed;
        public long? TargetBytes;
    }
}
