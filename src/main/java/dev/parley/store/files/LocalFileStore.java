package dev.parley.store.files;

import dev.parley.store.FileStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Files under one directory (by default {@code <data dir>/files}): a key is a relative path of safe
 * segments. {@link #put} syncs the file's content, moves it into place atomically and syncs the
 * directory, so a key that is readable survives a crash, and a crash never leaves half a file under a
 * key. Thread-safe.
 */
public final class LocalFileStore implements FileStore {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_.-]+)*");

    private final Path root;

    public LocalFileStore(Path root) {
        try {
            this.root = Files.createDirectories(root).toRealPath();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot make the file store directory " + root, e);
        }
    }

    private Path resolve(String key) {
        if (!KEY.matcher(key).matches() || key.contains("..")) {
            throw new IllegalArgumentException("not a file store key: " + key);
        }
        return root.resolve(key);
    }

    @Override
    public void put(String key, Path file) throws IOException {
        Path target = resolve(key);
        Files.createDirectories(target.getParent());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) { // another file system: copy, sync, then rename
            Path partial = target.resolveSibling(target.getFileName() + ".partial");
            Files.copy(file, partial, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.delete(file);
        }
        syncDirectory(target.getParent());
    }

    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some file systems cannot open a directory: the rename is as durable as they make it.
        }
    }

    @Override
    public Optional<InputStream> open(String key) throws IOException {
        try {
            return Optional.of(Files.newInputStream(resolve(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(resolve(key));
    }
}
