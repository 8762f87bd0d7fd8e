using System.Text.Json.Nodes;
using AhiTools.HealthImaging;
using Xunit;

namespace AhiTools.Tests
{
    public class WrittenVersionCheckTests
    {
        private static JsonObject Doc(string json) => (JsonObject)JsonNode.Parse(json)!;

        private static JsonObject Before => Doc("{\"SchemaVersion\":\"1.1\",\"DatastoreID\":\"d\",\"ImageSetID\":\"i\",\"Patient\":{\"DICOM\":{\"PatientID\":\"P1\",\"PatientSex\":\"F\"}}," +
            "\"Study\":{\"DICOM\":{\"StudyDescription\":\"OLD\"},\"Series\":{\"S1\":{\"DICOM\":{\"Modality\":\"CT\"},\"Instances\":{\"I1\":{\"DICOM\":{\"InstanceNumber\":1}},\"I2\":{\"DICOM\":{\"InstanceNumber\":2}}}}}}}");

        private static JsonObject Changed(System.Action<JsonObject> change)
        {
            JsonObject document = Before;
            change(document);
            return document;
        }

        [Fact]
        public void AVersionWithExactlyTheUpdatedValuesIsTheUpdate()
        {
            JsonObject after = Changed(d => d["Study"]!["DICOM"]!["StudyDescription"] = "NEW");

            Assert.True(WrittenVersionCheck.IsUpdateOf(Before, after, Doc("{\"SchemaVersion\":1.1,\"Study\":{\"DICOM\":{\"StudyDescription\":\"NEW\"}}}"), null));
        }

        [Fact]
        public void AVersionWithoutTheUpdatedValueIsNotTheUpdate()
        {
            JsonObject after = Changed(d => d["Study"]!["DICOM"]!["StudyDescription"] = "OTHER");

            Assert.False(WrittenVersionCheck.IsUpdateOf(Before, after, Doc("{\"Study\":{\"DICOM\":{\"StudyDescription\":\"NEW\"}}}"), null));
        }

        [Fact]
        public void AVersionWithTheUpdatePlusAnotherChangeIsNotTheUpdate()
        {
            JsonObject after = Changed(d =>
            {
                d["Study"]!["DICOM"]!["StudyDescription"] = "NEW";
                d["Patient"]!["DICOM"]!["PatientSex"] = "M";
            });

            Assert.False(WrittenVersionCheck.IsUpdateOf(Before, after, Doc("{\"Study\":{\"DICOM\":{\"StudyDescription\":\"NEW\"}}}"), null));
        }

        [Fact]
        public void AnUnchangedVersionIsNotAnUpdateThatChangesSomething()
        {
            Assert.False(WrittenVersionCheck.IsUpdateOf(Before, Before, Doc("{\"Study\":{\"DICOM\":{\"StudyDescription\":\"NEW\"}}}"), null));
        }

        [Fact]
        public void AnAddedElementAtSeriesLevelIsRecognised()
        {
            JsonObject after = Changed(d => d["Study"]!["Series"]!["S1"]!["DICOM"]!["SeriesDescription"] = "AX");

            Assert.True(WrittenVersionCheck.IsUpdateOf(Before, after, Doc("{\"Study\":{\"Series\":{\"S1\":{\"DICOM\":{\"SeriesDescription\":\"AX\"}}}}}"), null));
        }

        [Fact]
        public void RemovedElementsAndInstancesMustBeGoneAndNothingElseChanged()
        {
            JsonObject removable = Doc("{\"Patient\":{\"DICOM\":{\"PatientSex\":\"\"}},\"Study\":{\"Series\":{\"S1\":{\"Instances\":{\"I2\":{}}}}}}");
            JsonObject after = Changed(d =>
            {
                ((JsonObject)d["Patient"]!["DICOM"]!).Remove("PatientSex");
                ((JsonObject)d["Study"]!["Series"]!["S1"]!["Instances"]!).Remove("I2");
            });
            JsonObject onlyElementRemoved = Changed(d => ((JsonObject)d["Patient"]!["DICOM"]!).Remove("PatientSex"));

            Assert.True(WrittenVersionCheck.IsUpdateOf(Before, after, null, removable));
            Assert.False(WrittenVersionCheck.IsUpdateOf(Before, onlyElementRemoved, null, removable));
        }

        [Fact]
        public void ARevertIsAVersionEqualToItsTarget()
        {
            Assert.True(WrittenVersionCheck.IsRevertTo(Before, Before));
            Assert.False(WrittenVersionCheck.IsRevertTo(Changed(d => d["Study"]!["DICOM"]!["StudyDescription"] = "NEW"), Before));
        }

        [Fact]
        public void ACopyGainsExactlyTheCopiedInstances()
        {
            JsonObject source = Doc("{\"Study\":{\"Series\":{\"S1\":{\"Instances\":{\"I3\":{},\"I4\":{}}}}}}");
            JsonObject withBoth = Changed(d =>
            {
                d["Study"]!["Series"]!["S1"]!["Instances"]!["I3"] = new JsonObject();
                d["Study"]!["Series"]!["S1"]!["Instances"]!["I4"] = new JsonObject();
            });
            JsonObject withOne = Changed(d => d["Study"]!["Series"]!["S1"]!["Instances"]!["I3"] = new JsonObject());

            Assert.True(WrittenVersionCheck.IsCopyOf(Before, withBoth, WrittenVersionCheck.CopiedInstances(source, null)));
            Assert.False(WrittenVersionCheck.IsCopyOf(Before, withBoth, WrittenVersionCheck.CopiedInstances(source, "{\"Study\":{\"Series\":{\"S1\":{\"Instances\":{\"I3\":{}}}}}}")));
            Assert.True(WrittenVersionCheck.IsCopyOf(Before, withOne, WrittenVersionCheck.CopiedInstances(source, "{\"Study\":{\"Series\":{\"S1\":{\"Instances\":{\"I3\":{}}}}}}")));
            Assert.False(WrittenVersionCheck.IsCopyOf(Before, Before, WrittenVersionCheck.CopiedInstances(source, null)));
        }
    }
}
