using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using AhiTools.Documents;
using AhiTools.HealthImaging;
using AhiTools.HealthImaging.Wire;
using Xunit;

namespace AhiTools.Tests
{
    /// <summary>
    /// The module's JSON is source-generated only. This test host runs with reflection-based serialization off
    /// (JsonSerializerIsReflectionEnabledByDefault in the project file), so every test that reaches JSON code
    /// which would fall back to reflection fails.
    /// </summary>
    public class JsonSourceGenerationTests
    {
        [Fact]
        public void ReflectionFallbackIsOffInThisTestHost()
        {
            Assert.False(JsonSerializer.IsReflectionEnabledByDefault);
            Assert.Throws<InvalidOperationException>(() => JsonSerializer.Serialize(new Dictionary<string, string> { ["a"] = "b" }));
        }

        [Fact]
        public void EveryWireShapeHasGeneratedMetadata()
        {
            Type[] shapes = typeof(HealthImagingJsonContext).Assembly.GetTypes()
                .Where(type => type.Namespace == typeof(HealthImagingJsonContext).Namespace && type.Name.EndsWith("Shape", StringComparison.Ordinal))
                .ToArray();

            Assert.NotEmpty(shapes);
            foreach (Type shape in shapes)
            {
                Assert.True(HealthImagingJsonContext.Default.GetTypeInfo(shape) != null, $"{shape.Name} has no generated JSON metadata");
            }
        }

        [Fact]
        public void ResponsesParseAndDocumentsWriteWithoutReflection()
        {
            ImageSetVersionPage page = HealthImagingResponseParser.ParseListImageSetVersions(
                System.Text.Encoding.UTF8.GetBytes("{\"imageSetPropertiesList\":[{\"imageSetId\":\"i\",\"versionId\":\"2\",\"imageSetState\":\"ACTIVE\",\"ImageSetWorkflowStatus\":\"UPDATED\",\"createdAt\":1.7E9,\"updatedAt\":1.7E9}],\"nextToken\":\"t\"}"),
                "d",
                "i");

            Assert.Equal("2", page.Versions.Single().VersionId);
            Assert.Equal("{\"datastoreName\":\"n\",\"n\":1}", DocumentSerializer.ToJson(new JsonObject { ["datastoreName"] = "n", ["n"] = 1 }));
        }
    }
}
