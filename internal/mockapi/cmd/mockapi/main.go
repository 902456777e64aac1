// Command mockapi serves the in-memory LaunchDarkly API mock on a loopback
// address so a demo or benchmark can point a real Terraform run at it.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

// shutdownGrace bounds how long in-flight requests may finish after a signal.
const shutdownGrace = 5 * time.Second

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "mockapi:", err)
		os.Exit(1)
	}
}

// options are the command-line flags.
type options struct {
	addr    string
	token   string
	urlFile string

	latency    time.Duration
	rateLimit  int
	rateWindow time.Duration

	// retiredUsersStatus, when not 0, is the status every Users API request gets.
	retiredUsersStatus int
}

func parseFlags(args []string) (options, error) {
	var o options
	flags := flag.NewFlagSet("mockapi", flag.ContinueOnError)
	flags.StringVar(&o.addr, "addr", "127.0.0.1:0", "loopback `host:port` to listen on; port 0 picks a free port")
	flags.StringVar(&o.token, "token", "", "extra access `token` accepted as the default member")
	flags.StringVar(&o.urlFile, "url-file", "", "write the base URL to this `file` once listening")
	flags.DurationVar(&o.latency, "latency", 0, "make every response wait this `duration` first")
	flags.IntVar(&o.rateLimit, "rate-limit", 0, "answer 429 beyond this many `requests` per -rate-window (0: no limit)")
	flags.DurationVar(&o.rateWindow, "rate-window", time.Second, "the fixed rate-limit `window`")
	flags.IntVar(&o.retiredUsersStatus, "retire-users-api", 0, "answer every Users API request with this HTTP "+
		"`status` (400 to 599, such as 410), as after LaunchDarkly retires the Users API on 2026-12-31; "+
		"0 serves it")
	if err := flags.Parse(args); err != nil {
		return o, err
	}
	if o.latency < 0 || o.rateLimit < 0 || o.rateWindow <= 0 {
		return o, errors.New("-latency and -rate-limit must not be negative, and -rate-window must be positive")
	}
	if s := o.retiredUsersStatus; s != 0 && (s < 400 || s > 599) {
		return o, fmt.Errorf("-retire-users-api %d is not an error status: give one from 400 to 599, or 0", s)
	}
	return o, requireLoopback(o.addr)
}

func run(args []string) error {
	o, err := parseFlags(args)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	// Registered before the URL is published so a script that signals as
	// soon as it sees the URL cannot kill the process uncleanly.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return err
	}
	baseURL := "http://" + ln.Addr().String()
	if o.urlFile != "" {
		if err := writeFileAtomic(o.urlFile, baseURL); err != nil {
			_ = ln.Close()
			return err
		}
		defer os.Remove(o.urlFile)
	}
	fmt.Println(baseURL)
	return serve(ctx, ln, newAPI(o))
}

func newAPI(o options) *mockapi.API {
	api := mockapi.New()
	if o.token != "" {
		api.AddToken(o.token, mockapi.DefaultMemberID)
	}
	api.SetLatency(o.latency)
	api.SetRateLimit(o.rateLimit, o.rateWindow)
	if o.retiredUsersStatus != 0 {
		api.RetireUsersAPIWith(o.retiredUsersStatus, retiredUsersCode(o.retiredUsersStatus), retiredUsersMessage)
	}
	return api
}

// What LaunchDarkly will answer once the Users API is gone is not documented: the mock answers with the
// status asked for, an error code named after it, and this message.
const retiredUsersMessage = "API version " + mockapi.UsersAPIVersion + " is no longer supported: the Users API was " +
	"removed on 2026-12-31. Read users through the Contexts API."

// retiredUsersCode is the error code of the retired Users API's answers: the status's name in snake_case,
// such as gone for 410.
func retiredUsersCode(status int) string {
	text := http.StatusText(status)
	if text == "" {
		return "error"
	}
	return strings.ReplaceAll(strings.ToLower(text), " ", "_")
}

// serve runs until ctx is done, then drains in-flight requests.
func serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// requireLoopback refuses addresses reachable from other hosts: the mock
// accepts a well-known fake token, so it must never face a network.
func requireLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("invalid -addr %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("-addr %q is not a loopback address; use 127.0.0.1, ::1 or localhost", addr)
}

// writeFileAtomic writes via a temporary file in the same directory and a
// rename, so a script polling for path never reads a partial URL.
func writeFileAtomic(path, content string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(content); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
