namespace AhiTools.Shared { public static class Placeholder {} }
