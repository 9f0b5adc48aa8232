package dev.parley.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vonage.client.HttpConfig;
import com.vonage.client.VonageClient;
import com.vonage.client.common.ChannelType;
import com.vonage.client.common.MessageType;
import com.vonage.client.common.SortOrder;
import com.vonage.client.conversations.BaseConversation;
import com.vonage.client.conversations.Conversation;
import com.vonage.client.conversations.ConversationProperties;
import com.vonage.client.conversations.ConversationsClient;
import com.vonage.client.conversations.ConversationsResponseException;
import com.vonage.client.conversations.CustomEvent;
import com.vonage.client.conversations.Event;
import com.vonage.client.conversations.ListEventsRequest;
import com.vonage.client.conversations.ListEventsResponse;
import com.vonage.client.conversations.Member;
import com.vonage.client.conversations.MemberState;
import com.vonage.client.conversations.MessageEvent;
import com.vonage.client.conversations.UpdateMemberRequest;
import com.vonage.client.users.User;
import com.vonage.client.users.UsersClient;
import dev.parley.fixtures.Fixtures;
import dev.parley.fixtures.TestServer;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official Vonage Java SDK (com.vonage:server-sdk 9.x), unchanged, against a real Parley. */
class JavaSdkTest {
    static TestServer server;
    static VonageClient vonage;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        vonage = VonageClient.builder()
                .applicationId(server.applicationId())
                .privateKeyContents(Files.readString(server.dataDir().resolve("default-app.key")))
                .httpConfig(HttpConfig.builder().baseUri(server.baseUrl()).build())
                .build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void users_conversations_members_and_events_round_trip() {
        UsersClient users = vonage.getUsersClient();
        ConversationsClient conversations = vonage.getConversationsClient();
        String name = Fixtures.unique("java-user");
        User user = users.createUser(
                User.builder().name(name).displayName("Java User").build());
        assertThat(user.getId()).startsWith("USR-");
        assertThat(users.getUser(user.getId()).getName()).isEqualTo(name);

        Conversation created = conversations.createConversation(Conversation.builder()
                .name(Fixtures.unique("java-conv"))
                .displayName("Java Conversation")
                .properties(ConversationProperties.builder().ttl(60).build())
                .build());
        assertThat(created.getId()).startsWith("CON-");
        Conversation fetched = conversations.getConversation(created.getId());
        assertThat(fetched.getDisplayName()).isEqualTo("Java Conversation");

        Conversation updated = conversations.updateConversation(
                created.getId(), Conversation.builder().displayName("Renamed").build());
        assertThat(updated.getDisplayName()).isEqualTo("Renamed");
        assertThat(updated.getName()).isEqualTo(created.getName());

        Member member = conversations.createMember(
                created.getId(),
                Member.builder()
                        .user(user.getId())
                        .state(MemberState.INVITED)
                        .channelType(ChannelType.APP)
                        .build());
        assertThat(member.getState()).isEqualTo(MemberState.INVITED);
        Member joined = conversations.updateMember(UpdateMemberRequest.builder()
                .conversationId(created.getId())
                .memberId(member.getId())
                .state(MemberState.JOINED)
                .build());
        assertThat(joined.getState()).isEqualTo(MemberState.JOINED);
        assertThat(conversations.getMember(created.getId(), member.getId()).getId())
                .isEqualTo(member.getId());
        assertThat(conversations.listMembers(created.getId())).hasSize(1);

        MessageEvent message = conversations.createEvent(
                created.getId(),
                MessageEvent.builder(MessageType.TEXT)
                        .from(member.getId())
                        .text("Hello from Java")
                        .build());
        assertThat(message.getId()).isNotNull();
        assertThat(message.getText()).isEqualTo("Hello from Java");
        CustomEvent custom = conversations.createEvent(
                created.getId(),
                CustomEvent.builder("java_thing")
                        .from(member.getId())
                        .body(Map.of("k", "v"))
                        .build());
        assertThat(custom.getBody().get("k")).isEqualTo("v");

        Event got = conversations.getEvent(created.getId(), message.getId());
        assertThat(got.getFrom()).isEqualTo(member.getId());
        assertThat(got.getTimestamp()).isNotNull();

        List<Event> events = conversations.listEvents(created.getId());
        assertThat(events).extracting(Event::getId).contains(message.getId(), custom.getId());
        ListEventsResponse onlyMessages = conversations.listEvents(
                created.getId(),
                ListEventsRequest.builder()
                        .startId(message.getId())
                        .order(SortOrder.ASCENDING)
                        .pageSize(10)
                        .build());
        assertThat(onlyMessages.getEvents()).extracting(Event::getId).first().isEqualTo(message.getId());

        conversations.deleteEvent(created.getId(), message.getId());
        List<Event> remaining = conversations
                .listEvents(
                        created.getId(),
                        ListEventsRequest.builder().excludeDeletedEvents(true).build())
                .getEvents();
        assertThat(remaining).extracting(Event::getId).doesNotContain(message.getId());

        assertThat(conversations.listUserConversations(user.getId()))
                .extracting(BaseConversation::getId)
                .contains(created.getId());

        conversations.deleteConversation(created.getId());
        assertThatThrownBy(() -> conversations.getConversation(created.getId()))
                .isInstanceOf(ConversationsResponseException.class)
                .satisfies(e -> assertThat(((ConversationsResponseException) e).getStatusCode())
                        .isEqualTo(404));
        users.deleteUser(user.getId());
    }

    @Test
    void list_conversations_follows_the_links_across_pages() {
        ConversationsClient conversations = vonage.getConversationsClient();
        for (int i = 0; i < 12; i++) {
            conversations.createConversation(
                    Conversation.builder().name(Fixtures.unique("page")).build());
        }
        List<BaseConversation> all = conversations.listConversations();
        assertThat(all.size()).isGreaterThanOrEqualTo(12);
        assertThat(all).extracting(BaseConversation::getId).doesNotHaveDuplicates();
    }

    @Test
    void errors_reach_the_sdk_as_its_exception_with_the_vonage_fields() {
        ConversationsClient conversations = vonage.getConversationsClient();
        String name = Fixtures.unique("dup");
        conversations.createConversation(Conversation.builder().name(name).build());
        assertThatThrownBy(() -> conversations.createConversation(
                        Conversation.builder().name(name).build()))
                .isInstanceOf(ConversationsResponseException.class)
                .satisfies(e -> {
                    ConversationsResponseException error = (ConversationsResponseException) e;
                    assertThat(error.getStatusCode()).isEqualTo(409);
                    assertThat(error.getTitle()).isEqualTo("Conflict.");
                });
    }
}
