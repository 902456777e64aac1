package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// maskToken makes every log line written through ctx replace the token with asterisks, in messages and
// field values alike, so that TF_LOG=TRACE never shows it.
func maskToken(ctx context.Context, token string) context.Context {
	if token == "" {
		return ctx
	}
	ctx = tflog.MaskMessageStrings(ctx, token)
	return tflog.MaskAllFieldValuesStrings(ctx, token)
}

// tflogLogger sends the client's logs to Terraform's provider log, masking the token on each call
// because the client logs through its callers' contexts, which the provider does not otherwise touch.
type tflogLogger struct {
	token string
}

func (l tflogLogger) Debug(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(maskToken(ctx, l.token), msg, fields)
}

func (l tflogLogger) Trace(ctx context.Context, msg string, fields map[string]any) {
	tflog.Trace(maskToken(ctx, l.token), msg, fields)
}
