package dev.parley.store;

import dev.parley.domain.Application;
import java.util.List;
import java.util.Optional;

public interface ApplicationStore {
    void insert(Application application);

    Optional<Application> find(String id);

    List<Application> all();
}
