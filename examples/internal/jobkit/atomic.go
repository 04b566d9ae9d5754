package jobkit

import (
	"bufio"
	"errors"
	"io"
	"os"
	"path/filepath"
)

// tempFile is what pendingFile needs from the temporary *os.File; tests
// replace it to make a step fail.
type tempFile interface {
	io.Writer
	Sync() error
	Close() error
	Name() string
}

// pendingFile is a temporary file next to its target, renamed over it by
// commit. It is not safe for concurrent use; its users lock.
type pendingFile struct {
	what, target string
	f            tempFile
	w            *bufio.Writer
	err          error // the first failure; later writes and commit return it
	done         bool
	syncDir      func(dir string) error
}

// errFinished is returned by a pendingFile used after commit or abort.
var errFinished = errors.New("already committed or aborted")

// createPending creates the temporary file, mode 0600, in target's folder.
func createPending(what, target string) (*pendingFile, error) {
	dir, base := filepath.Split(target)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return nil, &FileError{What: what, Op: OpCreate, Path: target, Err: err}
	}
	return &pendingFile{what: what, target: target, f: f, w: bufio.NewWriter(f), syncDir: syncDir}, nil
}

func (p *pendingFile) fail(op Op, path string, err error) error {
	if p.err == nil {
		p.err = &FileError{What: p.what, Op: op, Path: path, Err: err}
	}
	return p.err
}

// write appends b to the temporary file.
func (p *pendingFile) write(b []byte) error {
	if p.done {
		return &FileError{What: p.what, Op: OpWrite, Path: p.f.Name(), Err: errFinished}
	}
	if p.err != nil {
		return p.err
	}
	if _, err := p.w.Write(b); err != nil {
		return p.fail(OpWrite, p.f.Name(), err)
	}
	return nil
}

// commit flushes, syncs and closes the temporary file, renames it over the
// target and syncs the folder. On failure before the rename, the temporary
// file is removed and the target is left as it was.
func (p *pendingFile) commit() error {
	if p.done {
		return &FileError{What: p.what, Op: OpRename, Path: p.target, Err: errFinished}
	}
	p.done = true
	name := p.f.Name()
	if p.err == nil {
		if err := p.w.Flush(); err != nil {
			p.fail(OpWrite, name, err)
		}
	}
	if p.err == nil {
		if err := p.f.Sync(); err != nil {
			p.fail(OpSync, name, err)
		}
	}
	if err := p.f.Close(); err != nil {
		p.fail(OpClose, name, err)
	}
	if p.err == nil {
		if err := os.Rename(name, p.target); err != nil {
			p.fail(OpRename, p.target, err)
		}
	}
	if p.err != nil {
		os.Remove(name)
		return p.err
	}
	dir := filepath.Dir(p.target)
	if err := p.syncDir(dir); err != nil {
		return p.fail(OpSyncDir, dir, err)
	}
	return nil
}

// abort closes and removes the temporary file; the target is untouched.
func (p *pendingFile) abort() error {
	if p.done {
		return nil
	}
	p.done = true
	p.f.Close()
	if err := os.Remove(p.f.Name()); err != nil {
		return &FileError{What: p.what, Op: OpRemove, Path: p.f.Name(), Err: err}
	}
	return nil
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// WriteFileAtomic replaces the file at path with what write writes, so
// that a crash leaves either the old file or the new one, never a torn one:
// write goes to a temporary file in the same folder (mode 0600, so the new
// file is readable by its owner only), which is flushed, synced, closed and
// renamed over path; then the folder is synced. If write or a step fails,
// the temporary file is removed and path is left as it was. A failed step
// is a *FileError whose What is what (the file's role, "state file") and
// which names the path and the step; write's own error is returned as it
// is (it wraps the *FileError if a write failed).
func WriteFileAtomic(what, path string, write func(io.Writer) error) error {
	p, err := createPending(what, path)
	if err != nil {
		return err
	}
	if err := write(pendingWriter{p}); err != nil {
		p.abort()
		return err
	}
	return p.commit()
}

// pendingWriter adapts a pendingFile to io.Writer.
type pendingWriter struct{ p *pendingFile }

func (w pendingWriter) Write(b []byte) (int, error) {
	if err := w.p.write(b); err != nil {
		return 0, err
	}
	return len(b), nil
}
