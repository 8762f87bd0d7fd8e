// Writes src/DicomRules/DicomRules.tsv: the one table of DICOM element rules that the module (src/AhiTools) and the
// local service (src/AhiTools.LocalService) both embed and apply, each with its own reader. Every keyword of the
// DICOM data dictionary (PS3.6, retired ones included) with its tag (8 hex digits; "-" for repeating groups such as
// 60xx) and VR, from the dictionaries of two npm packages (their union, since each misses a few), joined with the
// HealthImaging rules below: home level, force-only, never updatable; then the VR list and the UID syntax.
// README.md beside this file says where each rule comes from and where the two sides used to disagree.
// Run from this folder:
//   npm ci
//   node generate.mjs     # writes the file
//   node --test           # fails when the checked-in file is not what this generator writes
import { createRequire } from "module";
import { writeFileSync } from "fs";
import { fileURLToPath } from "url";

export const outputPath = fileURLToPath(new URL("../../src/DicomRules/DicomRules.tsv", import.meta.url));

/** DICOM PS3.5 table 6.2-1. */
const valueRepresentations = [
    "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW",
    "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV",
];

/** DICOM PS3.5 9.1: digits and dots, at most 64 characters, no component with a leading zero unless it is just "0".
 *  A .NET pattern (both readers are .NET): \z so that a trailing newline does not pass. */
const uidMaxLength = 64;
const uidPattern = "^(0|[1-9][0-9]*)(\\.(0|[1-9][0-9]*))*\\z";

/** The level of the metadata document where well-known elements live (HealthImaging's metadata normalization: the
 *  Patient, General Study, General Series and image modules). Elements not listed are left to the service. */
const homeLevels = {
    Patient: ["PatientName", "PatientID", "PatientBirthDate", "PatientBirthTime", "PatientSex", "OtherPatientIDs",
        "OtherPatientNames", "IssuerOfPatientID", "EthnicGroup", "PatientComments"],
    Study: ["StudyInstanceUID", "StudyDate", "StudyTime", "AccessionNumber", "StudyDescription", "StudyID",
        "ReferringPhysicianName"],
    Series: ["SeriesInstanceUID", "SeriesNumber", "Modality", "SeriesDescription", "SeriesDate", "SeriesTime",
        "BodyPartExamined", "Laterality", "ProtocolName"],
    Instance: ["SOPInstanceUID", "SOPClassUID", "InstanceNumber", "Rows", "Columns", "BitsAllocated", "BitsStored",
        "PhotometricInterpretation", "ImagePositionPatient", "ImageOrientationPatient", "PixelSpacing",
        "SliceThickness", "WindowCenter", "WindowWidth"],
};

/** Changed only with force: the identity of the data. */
const forceOnly = ["StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID", "StudyID"];

/** Pixel data: never updatable, even with force. */
const neverUpdatableElements = ["PixelData", "FloatPixelData", "DoubleFloatPixelData"];

/** Members of the metadata document that are not DICOM elements and that no update may name: the document's own
 *  identifiers, the frame data and its checksums. */
const neverUpdatableMembers = [
    "SchemaVersion", "DatastoreID", "ImageSetID", "ImageFrames", "StoredTransferSyntaxUID",
    "FrameSizeInBytes", "Width", "Height", "MinPixelValue", "MaxPixelValue",
    "Checksum", "PixelDataChecksumFromBaseToFullResolution",
];

/** Private tags (odd group): changed only with force at instance level. Other levels are not ruled here. */
const privateTags = { update: "force", level: "Instance" };

/** dcmjs's own VR codes for elements that have more than one. */
const dcmjsVrs = { ox: "OB/OW", xs: "US/SS", up: "UL", lt: "US/OW", na: "-" };

function normalizeVr(text) {
    const vrs = String(text || "").split(/\s+or\s+|\//).map(vr => vr.trim());
    return vrs.every(vr => valueRepresentations.includes(vr)) ? vrs.join("/") : null;
}

async function readDictionary() {
    const require = createRequire(import.meta.url);
    const iwharris = require("@iwharris/dicom-data-dictionary");
    const dcmjsModule = await import("dcmjs");
    const dcmjs = (dcmjsModule.default ?? dcmjsModule).data.DicomMetaDictionary.nameMap;
    const tagOf = text => (/^\(([0-9A-F]{4}),([0-9A-F]{4})\)$/i.exec(text || "") || []).slice(1).join("").toUpperCase();
    const elements = new Map();
    for (const [name, entry] of Object.entries(dcmjs)) {
        elements.set(name.replace(/^RETIRED_/, ""), { tag: tagOf(entry.tag), vr: dcmjsVrs[entry.vr] ?? normalizeVr(entry.vr) });
    }
    for (const entry of Object.values(iwharris.elements)) {
        const known = elements.get(entry.keyword) ?? { tag: "", vr: null };
        elements.set(entry.keyword, { tag: known.tag || tagOf(entry.tag), vr: normalizeVr(entry.vr) ?? known.vr });
    }
    return { elements, revision: iwharris.revision };
}

/** The text of DicomRules.tsv. */
export async function buildRules() {
    const { elements, revision } = await readDictionary();
    const level = new Map();
    for (const [home, keywords] of Object.entries(homeLevels)) for (const keyword of keywords) level.set(keyword, home);
    const update = new Map([...forceOnly.map(k => [k, "force"]), ...neverUpdatableElements.map(k => [k, "never"])]);
    for (const keyword of [...level.keys(), ...update.keys()]) {
        if (!elements.has(keyword)) throw new Error(`${keyword} is not in the DICOM dictionary`);
    }
    for (const member of neverUpdatableMembers) {
        if (elements.has(member)) throw new Error(`${member} is a DICOM keyword: list it with the elements`);
    }

    const keywords = [...elements.keys()].filter(k => /^[A-Za-z][A-Za-z0-9]*$/.test(k)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const row = (...cells) => cells.map(cell => cell || "-").join("\t");
    const lines = [
        "# DICOM element rules for HealthImaging metadata updates, read by src/AhiTools and src/AhiTools.LocalService.",
        "# Generated by tools/dicom-keywords/generate.mjs (see its README.md for the decisions); do not edit by hand.",
        `# Dictionary: dcmjs 0.51.1 and @iwharris/dicom-data-dictionary 1.26.0 (revision ${revision}), retired keywords included.`,
        "# Rows, tab-separated, first cell the kind; \"-\" is an empty cell:",
        "#   vr       <each DICOM PS3.5 value representation>",
        "#   uid      <max length> <.NET pattern>",
        "#   private  <update rule> <level where it applies>   (private tags: odd group, named by 8 hex digits)",
        "#   member   <name> never                             (document members no update may name)",
        "#   element  <keyword> <tag> <VRs, / between> <home level> <update rule: force or never>",
        row("vr", ...valueRepresentations),
        row("uid", String(uidMaxLength), uidPattern),
        row("private", privateTags.update, privateTags.level),
        ...neverUpdatableMembers.map(member => row("member", member, "never")),
        ...keywords.map(k => row("element", k, elements.get(k).tag, elements.get(k).vr, level.get(k), update.get(k))),
    ];
    return lines.join("\n") + "\n";
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
    const text = await buildRules();
    writeFileSync(outputPath, text);
    console.log(`${text.split("\n").filter(line => line.startsWith("element\t")).length} elements`);
}
