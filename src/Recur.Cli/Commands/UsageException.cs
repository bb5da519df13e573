namespace Recur.Cli.Commands;

/// <summary>A usage error found after parsing (an option that does not fit the data or the other options): exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
