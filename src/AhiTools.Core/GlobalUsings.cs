// The namespaces most of the core's files use, once for the project; a file names only the rest.
global using System;
global using System.Collections.Generic;
global using System.Globalization;
global using System.IO;
global using System.Linq;
global using System.Net.Http;
global using System.Text;
global using System.Text.Json;
global using System.Text.Json.Nodes;
global using System.Threading;
global using System.Threading.Tasks;
global using AhiTools.Documents;
global using AhiTools.Errors;
global using AhiTools.HealthImaging;
global using AhiTools.Writing;
global using Amazon.Runtime;
