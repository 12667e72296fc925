package main

import (
	"fmt"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/syncrokit/syncro/syncrotest"
)

// Without -o an export is named after the account id, or the organization
// exported, with the date and time. Not parallel: it changes the working
// directory, which the parallel tests (started after it) do not use.
func TestExportDefaultFileNames(t *testing.T) {
	c := newCLI(t, syncrotest.WithDemoData())
	org := c.srv.AddCustomer(syncrotest.CustomerData{BusinessName: "CON.Ltd / Zürich"})
	c.srv.AddContact(syncrotest.ContactData{CustomerID: org, Name: "Only One"})

	wd, err := os.Getwd()
	require.NoError(t, err)
	require.NoError(t, os.Chdir(c.dir))
	t.Cleanup(func() { require.NoError(t, os.Chdir(wd)) })

	// Exports in the same second get the same name: the later ones get a
	// number instead of replacing the earlier file.
	const stamp = `_\d{4}_\d{2}_\d{2}_\d{2}_\d{2}_\d{2}(_\d+)?\.csv$`
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"contacts", "export"}, `^\d+` + stamp},
		{[]string{"customers", "export"}, `^\d+` + stamp},
		{[]string{"contacts", "export"}, `^\d+` + stamp},
		{[]string{"contacts", "export", "--customer", fmt.Sprint(org)}, `^CON_Ltd_Z_rich` + stamp},
	}
	for _, tt := range tests {
		before := listDir(t, c.dir)
		res := c.run(t, tt.args...)
		require.Equal(t, exitOK, res.code, res.stderr)
		after := listDir(t, c.dir)
		require.Len(t, after, len(before)+1, "one new file")
		var name string
		for _, n := range after {
			if !contains(before, n) {
				name = n
			}
		}
		assert.Regexp(t, tt.want, name, "%v", tt.args)
		assert.Contains(t, res.stderr, "to "+name)
	}
}

// An account without end users has no account id to name the file after;
// against a fake on 127.0.0.1 the name must not become "127_...".
func TestExportNameWithoutEndUsers(t *testing.T) {
	c := newCLI(t) // no data at all
	wd, err := os.Getwd()
	require.NoError(t, err)
	require.NoError(t, os.Chdir(c.dir))
	t.Cleanup(func() { require.NoError(t, os.Chdir(wd)) })

	res := c.run(t, "contacts", "export")
	require.Equal(t, exitOK, res.code, res.stderr)
	files := listDir(t, c.dir)
	require.Len(t, files, 1)
	assert.Regexp(t, `^export_\d{4}_\d{2}_\d{2}_\d{2}_\d{2}_\d{2}\.csv$`, files[0])
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func TestUnusedName(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	name := dir + "/1_2024_03_09_14_05_07.csv"
	next := func() string {
		n, err := unusedName(name)
		require.NoError(t, err)
		return n
	}
	assert.Equal(t, name, next())
	require.NoError(t, os.WriteFile(name, nil, 0o644))
	assert.Equal(t, dir+"/1_2024_03_09_14_05_07_2.csv", next())
	require.NoError(t, os.WriteFile(dir+"/1_2024_03_09_14_05_07_2.csv", nil, 0o644))
	assert.Equal(t, dir+"/1_2024_03_09_14_05_07_3.csv", next())
}
