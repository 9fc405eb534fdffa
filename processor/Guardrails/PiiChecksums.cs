namespace AiGateway.Processor.Guardrails;

/// <summary>Checksums that separate real card numbers and IBANs from digit runs that merely have the right shape.</summary>
internal static class PiiChecksums
{
    /// <summary>Luhn (ISO/IEC 7812) over the digits of <paramref name="value"/>, which must hold 13–19 of them.</summary>
    public static bool IsLuhnValid(ReadOnlySpan<char> value)
    {
        int sum = 0, count = 0;
        var doubled = false;
        for (var i = value.Length - 1; i >= 0; i--)
        {
            var c = value[i];
            if (c is < '0' or > '9')
            {
                continue;
            }

            var digit = c - '0';
            if (doubled)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
            doubled = !doubled;
            count++;
        }

        return count is >= 13 and <= 19 && sum % 10 == 0;
    }

    /// <summary>ISO 13616 IBAN check: move the first four characters to the end, letters as 10–35, the number mod 97 is 1.</summary>
    public static bool IsIbanValid(ReadOnlySpan<char> value)
    {
        Span<char> compact = stackalloc char[34];
        var length = 0;
        foreach (var c in value)
        {
            if (c == ' ')
            {
                continue;
            }

            if (length == compact.Length)
            {
                return false;
            }

            compact[length++] = c;
        }

        if (length < 15)
        {
            return false;
        }

        var remainder = 0;
        for (var i = 0; i < length; i++)
        {
            var c = compact[(i + 4) % length];
            if (c is >= '0' and <= '9')
            {
                remainder = ((remainder * 10) + (c - '0')) % 97;
            }
            else if (c is >= 'A' and <= 'Z')
            {
                remainder = ((remainder * 100) + (c - 'A' + 10)) % 97;
            }
            else
            {
                return false;
            }
        }

        return remainder == 1;
    }
}
