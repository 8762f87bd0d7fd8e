// Placeholder: the local HealthImaging service is being built.
System.Console.WriteLine("AhiTools.LocalService");
