/** Commands Slotway answers itself (PING, HELLO, AUTH, CLIENT, CLUSTER, COMMAND, SELECT, ...), by table entry. */
package io.slotway.local;
