namespace AhiTools.LocalService.Domain
{
    /// <summary>What the series of one synthetic study share: modality, SOP class, image size and pixel range, descriptions.</summary>
    internal sealed record SyntheticProtocol(string Modality, string SopClassUid, int Rows, int Columns, int MinPixel, int MaxPixel,
        string BodyPart, string StudyDescription, string[] SeriesDescriptions);
}
