package jobkit

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/warrenbrasil/customerdata/destination"
)

// stamp is the time of the letters in these tests.
var stamp = time.Date(2026, 2, 13, 9, 30, 5, 0, time.FixedZone("BRT", -3*3600))

// newDeadLetters creates a DeadLetterFile for dir/dl.ndjson whose clock is
// stamp, after writing previous there if it is not "".
func newDeadLetters(t *testing.T, previous string) (*DeadLetterFile, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "dl.ndjson")
	if previous != "" {
		require.NoError(t, os.WriteFile(path, []byte(previous), 0o644))
	}
	f, err := CreateDeadLetters(path)
	require.NoError(t, err)
	f.now = func() time.Time { return stamp }
	return f, path
}

// dirNames lists the names in path's folder.
func dirNames(t *testing.T, path string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(path))
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	return string(b)
}

func TestDeadLetterFileCommit(t *testing.T) {
	f, path := newDeadLetters(t, "previous run\n")
	ctx := context.Background()
	require.NoError(t, f.Put(ctx, destination.DeadLetter{
		Key: "ana@example.com", Payload: map[string]string{"cdp_amount": "1000.00"},
		Reason: destination.ReasonRejected, Attempts: 1, LastError: "INVALID_EMAIL", Time: stamp.Add(time.Second),
	}))
	require.NoError(t, f.Put(ctx, destination.DeadLetter{Key: "person-7", Reason: "no_email"}))
	require.NoError(t, f.Put(ctx, destination.DeadLetter{
		Key: "bia@example.com", Payload: json.RawMessage(`{"a":1}`), Reason: destination.ReasonRejected, Attempts: 2,
	}))

	assert.Equal(t, "previous run\n", readFile(t, path), "the target changes only on Commit")
	names := dirNames(t, path)
	require.Len(t, names, 2, "the target and the temporary file")
	for _, n := range names {
		if n != "dl.ndjson" {
			fi, err := os.Stat(filepath.Join(filepath.Dir(path), n))
			require.NoError(t, err)
			assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), "temporary file %s", n)
		}
	}

	require.NoError(t, f.Commit())
	want := `{"time":"2026-02-13T12:30:06Z","reason":"rejected","key":"ana@example.com","attempts":1,"last_error":"INVALID_EMAIL","payload":{"cdp_amount":"1000.00"}}
{"time":"2026-02-13T12:30:05Z","reason":"no_email","key":"person-7","attempts":0,"last_error":"","payload":null}
{"time":"2026-02-13T12:30:05Z","reason":"rejected","key":"bia@example.com","attempts":2,"last_error":"","payload":{"a":1}}
`
	assert.Equal(t, want, readFile(t, path))
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), "the committed file keeps mode 0600")
	assert.Equal(t, []string{"dl.ndjson"}, dirNames(t, path), "no temporary file left")
	assert.Equal(t, []ReasonCount{{"no_email", 1}, {"rejected", 2}}, f.Counts())
	assert.Equal(t, 3, f.Total())
	assert.Equal(t, path, f.Path())

	// Finished: further use fails or does nothing, and the file stays.
	err = f.Put(ctx, destination.DeadLetter{Key: "k", Reason: "late"})
	assert.ErrorIs(t, err, errFinished)
	assert.ErrorIs(t, f.Commit(), errFinished)
	assert.NoError(t, f.Abort())
	assert.Equal(t, want, readFile(t, path))
	assert.Equal(t, 3, f.Total(), "a refused Put is not counted")
}

func TestDeadLetterFileCommitEmptyReplaces(t *testing.T) {
	f, path := newDeadLetters(t, "previous run\n")
	require.NoError(t, f.Commit())
	assert.Equal(t, "", readFile(t, path), "a committed run without letters leaves an empty file")
	assert.Equal(t, []ReasonCount{}, f.Counts())
}

func TestDeadLetterFileCommitCreates(t *testing.T) {
	f, path := newDeadLetters(t, "")
	require.NoError(t, f.Put(context.Background(), destination.DeadLetter{Key: "k", Reason: "r"}))
	require.NoError(t, f.Commit())
	assert.Equal(t, `{"time":"2026-02-13T12:30:05Z","reason":"r","key":"k","attempts":0,"last_error":"","payload":null}`+"\n", readFile(t, path))
}

func TestDeadLetterFileAbortKeepsPrevious(t *testing.T) {
	f, path := newDeadLetters(t, "previous run\n")
	require.NoError(t, f.Put(context.Background(), destination.DeadLetter{Key: "k", Reason: "r"}))
	require.NoError(t, f.Abort())
	require.NoError(t, f.Abort(), "a second Abort does nothing")
	assert.Equal(t, "previous run\n", readFile(t, path))
	assert.Equal(t, []string{"dl.ndjson"}, dirNames(t, path), "no temporary file left")
	assert.ErrorIs(t, f.Commit(), errFinished, "no Commit after Abort")
	assert.Equal(t, "previous run\n", readFile(t, path))
}

func TestDeadLetterFileUnencodablePayload(t *testing.T) {
	f, path := newDeadLetters(t, "")
	err := f.Put(context.Background(), destination.DeadLetter{Key: "ana@example.com", Reason: "rejected", Payload: make(chan int)})
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "ana@example.com", "no personal data in errors")
	assert.Contains(t, err.Error(), `reason "rejected"`)
	require.NoError(t, f.Commit())
	assert.Equal(t, "", readFile(t, path))
	assert.Equal(t, 0, f.Total())
}

func TestDeadLetterFileConcurrentPut(t *testing.T) {
	f, path := newDeadLetters(t, "")
	const workers, each = 8, 200
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				letter := destination.DeadLetter{
					Key: fmt.Sprintf("w%d-%d", w, i), Reason: fmt.Sprintf("reason-%d", i%3),
					Payload: strings.Repeat("x", i), Attempts: i,
				}
				assert.NoError(t, f.Put(context.Background(), letter))
			}
			f.Counts() // read while others write
		})
	}
	wg.Wait()
	require.NoError(t, f.Commit())

	lines := strings.Split(strings.TrimSuffix(readFile(t, path), "\n"), "\n")
	require.Len(t, lines, workers*each)
	seen := make(map[string]bool)
	for _, l := range lines {
		var got struct {
			Key      string `json:"key"`
			Attempts int    `json:"attempts"`
			Payload  string `json:"payload"`
		}
		require.NoError(t, json.Unmarshal([]byte(l), &got), "line %q", l)
		assert.Equal(t, strings.Repeat("x", got.Attempts), got.Payload, "line of %s is whole", got.Key)
		seen[got.Key] = true
	}
	assert.Len(t, seen, workers*each, "every letter once")
	want := []ReasonCount{{"reason-0", 0}, {"reason-1", 0}, {"reason-2", 0}}
	for i := range each {
		want[i%3].Count += workers
	}
	assert.Equal(t, want, f.Counts())
}

func TestCreateDeadLettersNoFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "dl.ndjson")
	_, err := CreateDeadLetters(path)
	var fe *FileError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, OpCreate, fe.Op)
	assert.Equal(t, path, fe.Path)
	assert.ErrorIs(t, err, os.ErrNotExist)
	assert.EqualError(t, err, "dead-letter file: creating a temporary file next to "+path+": no such file or directory")
}

// faultyFile is a temporary file whose steps fail on demand.
type faultyFile struct {
	*os.File
	write, sync, close error
}

func (f *faultyFile) Write(b []byte) (int, error) {
	if f.write != nil {
		return 0, f.write
	}
	return f.File.Write(b)
}

func (f *faultyFile) Sync() error {
	if f.sync != nil {
		return f.sync
	}
	return f.File.Sync()
}

func (f *faultyFile) Close() error {
	err := f.File.Close()
	if f.close != nil {
		return f.close
	}
	return err
}

// replaceFile makes p write to f.
func replaceFile(p *pendingFile, f tempFile) {
	p.f = f
	p.w = bufio.NewWriter(f)
}

func TestDeadLetterFileCommitFailures(t *testing.T) {
	errDisk := errors.New("input/output error")
	tests := []struct {
		name     string
		fault    faultyFile
		wantOp   Op
		wantTemp bool // the error names the temporary file, not the target
	}{
		{"write", faultyFile{write: errDisk}, OpWrite, true},
		{"sync", faultyFile{sync: errDisk}, OpSync, true},
		{"close", faultyFile{close: errDisk}, OpClose, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, path := newDeadLetters(t, "previous run\n")
			fault := tc.fault
			fault.File = f.p.f.(*os.File)
			replaceFile(f.p, &fault)
			require.NoError(t, f.Put(context.Background(), destination.DeadLetter{Key: "k", Reason: "r"}))

			err := f.Commit()
			var fe *FileError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, &FileError{What: "dead-letter file", Op: tc.wantOp, Path: fault.Name(), Err: errDisk}, fe)
			assert.ErrorIs(t, err, errDisk)
			assert.Equal(t, "dead-letter file: "+string(tc.wantOp)+" "+fault.Name()+": input/output error", err.Error())
			assert.Equal(t, "previous run\n", readFile(t, path), "the previous file is intact")
			assert.Equal(t, []string{"dl.ndjson"}, dirNames(t, path), "the temporary file is removed")
		})
	}
}

func TestDeadLetterFileWriteFailureIsSticky(t *testing.T) {
	f, path := newDeadLetters(t, "previous run\n")
	errDisk := errors.New("no space left on device")
	replaceFile(f.p, &faultyFile{File: f.p.f.(*os.File), write: errDisk})
	ctx := context.Background()
	// A letter larger than the buffer reaches the file at once.
	big := destination.DeadLetter{Key: "k", Reason: "r", Payload: strings.Repeat("x", 8192)}
	err := f.Put(ctx, big)
	var fe *FileError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, OpWrite, fe.Op)
	assert.ErrorIs(t, f.Put(ctx, destination.DeadLetter{Key: "k2", Reason: "r"}), errDisk, "later Puts fail too")
	assert.ErrorIs(t, f.Commit(), errDisk)
	assert.Equal(t, 0, f.Total(), "failed letters are not counted")
	assert.Equal(t, "previous run\n", readFile(t, path))
}

func TestDeadLetterFileRenameFailure(t *testing.T) {
	f, path := newDeadLetters(t, "")
	// The target became a non-empty folder after the run started.
	require.NoError(t, os.MkdirAll(filepath.Join(path, "sub"), 0o755))
	err := f.Commit()
	var fe *FileError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, OpRename, fe.Op)
	assert.Equal(t, path, fe.Path)
	assert.Equal(t, []string{"dl.ndjson"}, dirNames(t, path), "the temporary file is removed")
}

func TestDeadLetterFileSyncDirFailure(t *testing.T) {
	f, path := newDeadLetters(t, "")
	errDisk := errors.New("input/output error")
	f.p.syncDir = func(string) error { return errDisk }
	require.NoError(t, f.Put(context.Background(), destination.DeadLetter{Key: "k", Reason: "r"}))
	err := f.Commit()
	assert.Equal(t, &FileError{What: "dead-letter file", Op: OpSyncDir, Path: filepath.Dir(path), Err: errDisk}, err)
	assert.EqualError(t, err, "dead-letter file: syncing the folder "+filepath.Dir(path)+": input/output error")
}

func TestDeadLetterFileRelativePath(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	require.NoError(t, CheckWritable("dead-letters.ndjson"))
	f, err := CreateDeadLetters("dead-letters.ndjson")
	require.NoError(t, err)
	require.NoError(t, f.Put(context.Background(), destination.DeadLetter{Key: "k", Reason: "r", Time: stamp}))
	require.NoError(t, f.Commit())
	assert.Equal(t, `{"time":"2026-02-13T12:30:05Z","reason":"r","key":"k","attempts":0,"last_error":"","payload":null}`+"\n",
		readFile(t, filepath.Join(dir, "dead-letters.ndjson")))
	assert.Equal(t, []string{"dead-letters.ndjson"}, dirNames(t, filepath.Join(dir, "x")))
}
