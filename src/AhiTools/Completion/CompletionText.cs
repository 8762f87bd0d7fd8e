namespace AhiTools.Completion
{
    /// <summary>Shared pieces of the completers: what was typed, and results that paste back as one argument.</summary>
    internal static class CompletionText
    {
        /// <summary>The word typed so far, without its opening (and closing) quote.</summary>
        public static string Prefix(string? wordToComplete) => (wordToComplete ?? "").Trim('\'', '"');

        /// <summary>A result whose completion text is quoted when PowerShell would not read it back as the same text (1e5, 12d, 1.5).</summary>
        public static CompletionResult Result(string value, string tooltip)
        {
            string text = ReadsBackAsText(value) ? value : "'" + value.Replace("'", "''") + "'";
            return new CompletionResult(text, value, CompletionResultType.ParameterValue, string.IsNullOrEmpty(tooltip) ? value : tooltip);
        }

        private static bool ReadsBackAsText(string value)
        {
            if (value.Length == 0)
            {
                return false;
            }

            ScriptBlockAst ast = Parser.ParseInput("x " + value, out _, out ParseError[] errors);
            return errors.Length == 0
                && ast.EndBlock?.Statements.Count == 1
                && ast.EndBlock.Statements[0] is PipelineAst pipeline
                && pipeline.PipelineElements.Count == 1
                && pipeline.PipelineElements[0] is CommandAst command
                && command.CommandElements.Count == 2
                && command.CommandElements[1] is ConstantExpressionAst constant
                && (!(constant is StringConstantExpressionAst text) || text.StringConstantType == StringConstantType.BareWord)
                && string.Equals(Convert.ToString(constant.Value, CultureInfo.InvariantCulture), value, StringComparison.Ordinal);
        }
    }
}
