package launchdarkly

import (
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/tf-launchdarkly/terraform-provider-launchdarkly/internal/mockapi"
)

// BenchmarkListTeamsMembers measures ListTeams with each way of finding the teams' members, on the mock's
// seeded account and on a large one: every team with no latency and with 50 ms per response, and a query
// that leaves one team. The numbers in ListTeams's comment come from it:
//
//	go test -run '^$' -bench ListTeamsMembers -benchtime 3x ./internal/launchdarkly
func BenchmarkListTeamsMembers(b *testing.B) {
	accounts := []struct {
		name    string
		setup   func(api *mockapi.API)
		oneTeam string // a query that leaves one team with members
	}{
		{"seed", func(*mockapi.API) {}, mockapi.PlatformTeamKey},
		// 10,025 members and 240 teams.
		{"large", func(api *mockapi.API) { api.AddGeneratedMembers(10_000); api.AddGeneratedTeams(130) }, mockapi.SpreadTeamKey(7)},
	}
	strategies := []struct {
		name     string
		strategy memberStrategy
	}{{"grouped", membersGrouped}, {"per-team", membersPerTeam}}
	for _, account := range accounts {
		api := mockapi.New()
		account.setup(api)
		srv := httptest.NewServer(api)
		for _, run := range []struct {
			query   string
			latency time.Duration
		}{{"", 0}, {"", 50 * time.Millisecond}, {account.oneTeam, 0}} {
			query, latency := run.query, run.latency
			for _, s := range strategies {
				b.Run(fmt.Sprintf("%s/%s/query=%s/latency=%s", account.name, s.name, query, latency), func(b *testing.B) {
					api.SetLatency(latency)
					before := api.RequestCount()
					teams := 0
					for b.Loop() {
						// A new client each time: a client keeps its answers, and would not ask again.
						client, err := New(Config{BaseURL: srv.URL, Token: mockapi.DefaultToken})
						if err != nil {
							b.Fatal(err)
						}
						list, err := teamsOf(client.listTeams(b.Context(), query, s.strategy))
						if err != nil {
							b.Fatal(err)
						}
						teams = len(list)
					}
					b.ReportMetric(float64(api.RequestCount()-before)/float64(b.N), "requests/op")
					b.ReportMetric(float64(teams), "teams")
				})
			}
		}
		srv.Close()
	}
}
