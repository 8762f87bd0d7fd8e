using System.Numerics;
using static AhiTools.LocalService.Domain.MetadataDocumentShape;

namespace AhiTools.LocalService.Domain
{
    /// <summary>Builds the levels of a synthetic metadata document from one random source, so a seed reproduces every value.
    /// Every name and number is made up; nothing here comes from real patients.</summary>
    internal sealed class SyntheticDicomFactory
    {
        private static readonly string[] FamilyNames = { "DOE", "ROE", "SMITH", "GARCIA", "MULLER", "TANAKA", "NOVAK", "SILVA", "KOWALSKI", "OKAFOR", "LEE", "MARTIN" };
        private static readonly string[] FemaleGivenNames = { "JANE", "MARIA", "ANNA", "YUKI", "FATIMA", "CLARA", "ELENA", "GRACE" };
        private static readonly string[] MaleGivenNames = { "JOHN", "JOSE", "HANS", "KENJI", "PIOTR", "DAVID", "OMAR", "LUCAS" };
        private static readonly string[] PhysicianGivenNames = { "ALAN", "BEATRICE", "CARL", "DIANA", "EDWARD", "FIONA" };

        private static readonly SyntheticProtocol[] Protocols =
        {
            new("CT", "1.2.840.10008.5.1.4.1.1.2", 512, 512, -1024, 3071, "CHEST", "CT CHEST WITH CONTRAST",
                new[] { "AXIAL 5MM", "AXIAL 1.25MM", "CORONAL MPR", "SAGITTAL MPR", "LUNG WINDOW" }),
            new("CT", "1.2.840.10008.5.1.4.1.1.2", 512, 512, -1024, 3071, "ABDOMEN", "CT ABDOMEN PELVIS",
                new[] { "PORTAL VENOUS 3MM", "ARTERIAL 3MM", "CORONAL MPR", "DELAYED 5MM" }),
            new("MR", "1.2.840.10008.5.1.4.1.1.4", 256, 256, 0, 4095, "HEAD", "MR BRAIN WITHOUT CONTRAST",
                new[] { "T1 SAG", "T2 AX", "FLAIR AX", "DWI", "ADC" }),
            new("MR", "1.2.840.10008.5.1.4.1.1.4", 320, 320, 0, 4095, "KNEE", "MR KNEE LEFT",
                new[] { "PD FS COR", "PD SAG", "T1 COR", "T2 FS AX" }),
        };

        /// <summary>HTJ2K lossless RPCL, the transfer syntax HealthImaging stores frames in.</summary>
        private const string StoredTransferSyntaxUid = "1.2.840.10008.1.2.4.202";

        private readonly Random _random;

        public SyntheticDicomFactory(Random random) => _random = random;

        public JsonObject NewPatientDicom()
        {
            bool female = _random.Next(2) == 0;
            string given = Pick(female ? FemaleGivenNames : MaleGivenNames);
            return new JsonObject
            {
                ["PatientName"] = $"{Pick(FamilyNames)}^{given}",
                ["PatientID"] = "SYN" + Digits(8),
                ["PatientBirthDate"] = Date(1940, 2005),
                ["PatientSex"] = female ? "F" : "M",
            };
        }

        /// <summary>The study-level DICOM elements and the protocol (modality, body part, image size) its series share.</summary>
        public (JsonObject StudyDicom, SyntheticProtocol Protocol) NewStudy()
        {
            SyntheticProtocol protocol = Protocols[_random.Next(Protocols.Length)];
            var studyDicom = new JsonObject
            {
                ["StudyInstanceUID"] = NewUid(),
                ["StudyDate"] = Date(2015, 2025),
                ["StudyTime"] = string.Create(CultureInfo.InvariantCulture, $"{_random.Next(7, 20):D2}{_random.Next(60):D2}{_random.Next(60):D2}"),
                ["AccessionNumber"] = "A" + Digits(9),
                ["StudyDescription"] = protocol.StudyDescription,
                ["StudyID"] = Digits(6),
                ["ReferringPhysicianName"] = $"{Pick(FamilyNames)}^{Pick(PhysicianGivenNames)}",
            };
            return (studyDicom, protocol);
        }

        public JsonObject NewSeriesDicom(SyntheticProtocol protocol, int seriesNumber) => new()
        {
            ["SeriesInstanceUID"] = NewUid(),
            ["SeriesNumber"] = seriesNumber,
            ["Modality"] = protocol.Modality,
            ["SeriesDescription"] = protocol.SeriesDescriptions[(seriesNumber - 1) % protocol.SeriesDescriptions.Length],
            ["BodyPartExamined"] = protocol.BodyPart,
        };

        /// <summary>Writes one instance object (DICOM, DICOMVRs, StoredTransferSyntaxUID, ImageFrames) and returns its SOP Instance UID.</summary>
        public string WriteInstance(Utf8JsonWriter writer, SyntheticProtocol protocol, int instanceNumber)
        {
            string sopInstanceUid = NewUid();
            writer.WriteStartObject();

            writer.WriteStartObject(Dicom);
            writer.WriteString("SOPClassUID", protocol.SopClassUid);
            writer.WriteString("SOPInstanceUID", sopInstanceUid);
            writer.WriteNumber("InstanceNumber", instanceNumber);
            writer.WriteNumber("Rows", protocol.Rows);
            writer.WriteNumber("Columns", protocol.Columns);
            writer.WriteNumber("BitsAllocated", 16);
            writer.WriteString("PhotometricInterpretation", "MONOCHROME2");
            writer.WriteStartArray("ImagePositionPatient");
            writer.WriteNumberValue(-(protocol.Columns / 2.0) * 0.7);
            writer.WriteNumberValue(-(protocol.Rows / 2.0) * 0.7);
            writer.WriteNumberValue(Math.Round(-2.5 * instanceNumber, 2));
            writer.WriteEndArray();
            writer.WriteEndObject();

            writer.WriteStartObject(DicomVrs);
            writer.WriteEndObject();
            writer.WriteString("StoredTransferSyntaxUID", StoredTransferSyntaxUid);

            writer.WriteStartArray("ImageFrames");
            writer.WriteStartObject();
            writer.WriteString("ID", HexId());
            writer.WriteStartArray("PixelDataChecksumFromBaseToFullResolution");
            writer.WriteStartObject();
            writer.WriteNumber("Width", protocol.Columns);
            writer.WriteNumber("Height", protocol.Rows);
            writer.WriteNumber("Checksum", _random.Next(int.MaxValue));
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteNumber("MinPixelValue", protocol.MinPixel + _random.Next(200));
            writer.WriteNumber("MaxPixelValue", protocol.MaxPixel - _random.Next(1000));
            writer.WriteNumber("FrameSizeInBytes", protocol.Rows * protocol.Columns * 2 * (30 + _random.Next(20)) / 100);
            writer.WriteEndObject();
            writer.WriteEndArray();

            writer.WriteEndObject();
            return sopInstanceUid;
        }

        /// <summary>A UID under the 2.25 root (DICOM PS3.5 B.2): "2.25." and a random 128-bit number in decimal.</summary>
        private string NewUid()
        {
            Span<byte> bytes = stackalloc byte[16];
            _random.NextBytes(bytes);
            return "2.25." + new BigInteger(bytes, isUnsigned: true).ToString(CultureInfo.InvariantCulture);
        }

        private string HexId()
        {
            Span<byte> bytes = stackalloc byte[16];
            _random.NextBytes(bytes);
            return Convert.ToHexString(bytes).ToLowerInvariant();
        }

        private string Digits(int count)
        {
            var digits = new char[count];
            for (int i = 0; i < count; i++)
                digits[i] = (char)('0' + _random.Next(10));
            return new string(digits);
        }

        private string Date(int fromYear, int toYear)
        {
            var first = new DateTime(fromYear, 1, 1);
            int days = (new DateTime(toYear, 12, 31) - first).Days;
            return first.AddDays(_random.Next(days + 1)).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        }

        private string Pick(string[] values) => values[_random.Next(values.Length)];
    }
}
